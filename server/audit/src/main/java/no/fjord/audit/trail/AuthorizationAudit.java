package no.fjord.audit.trail;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import no.fjord.common.access.AuthorizationEvents;
import no.fjord.common.web.RequestIds;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.MDC;

/** Records token issuance (and refusal) and EHR launches, told by the authorization server, in the audit trail. */
public final class AuthorizationAudit implements AuthorizationEvents {

	private final AuditWriter writer;
	private final Clock clock;

	public AuthorizationAudit(AuditWriter writer, Clock clock) {
		this.writer = writer;
		this.clock = clock;
	}

	@Override
	public void record(AuthorizationEvent event) {
		String purpose = RequestAudit.purposeOf(Optional.ofNullable(event.fhirUser()).map(user -> new IdType(user).getResourceType()),
				Optional.ofNullable(event.hprNumber()));
		int outcome = event.refusal() == null ? 0 : 4;
		writer.write(new AuditRecord(clock.instant(), "login", event.kind(), 'E', outcome, event.refusal(), purpose, null, false,
				event.issuer(), event.subject(), event.fhirUser(), event.hprNumber(), null, event.clientId(), null,
				event.scopes(), Optional.ofNullable(event.patient()).map(List::of).orElse(List.of()), List.of(), false,
				MDC.get(RequestIds.MDC_KEY), null));
	}
}
