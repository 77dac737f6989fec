package no.fjord.audit.fhir;

import java.time.Instant;
import java.util.List;
import no.fjord.audit.trail.AuditRecord;

/** A row of the audit trail: its id and what was recorded. */
public record StoredAuditEvent(long id, AuditRecord record) {

	public Instant recorded() {
		return record.recorded();
	}

	public List<String> patients() {
		return record.patients();
	}
}
