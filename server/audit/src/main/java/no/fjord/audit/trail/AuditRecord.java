package no.fjord.audit.trail;

import java.time.Instant;
import java.util.List;

/**
 * One access as the audit trail keeps it: who, what, when, why and how it went.
 *
 * @param eventType {@code rest} for FHIR interactions, {@code login} for token issuance and launches
 * @param interaction the FHIR restful interaction ({@code read}, {@code search-type}...), the operation
 *     ({@code $export}) or {@code token} / {@code launch}
 * @param action C, R, U, D or E (execute)
 * @param outcome 0 success, 4 minor failure (refused, not found), 8 serious failure, 12 major failure
 * @param purpose the v3-ActReason purpose of use: {@code TREAT}, {@code PATRQT}, {@code HOPERAT},
 *     {@code BTG}
 * @param emergencyReason the reason stated for emergency access, when a blocking was overridden
 * @param followUp whether the access must be reviewed (emergency access)
 * @param resourceRef the resource read or written ({@code Observation/1/_history/2})
 * @param query the request path and query, for searches and operations
 * @param patients the patients (bare ids) whose record the access touched
 * @param withheldPatients the patients whose data a blocking held back
 * @param allPatients the access reached every patient's record (a system-level or all-patients export)
 */
public record AuditRecord(Instant recorded, String eventType, String interaction, char action, int outcome,
		String outcomeText, String purpose, String emergencyReason, boolean followUp, String agentIssuer,
		String agentSubject, String agentFhirUser, String agentHpr, String agentOrganisation, String clientId,
		String resourceRef, String query, List<String> patients, List<String> withheldPatients, boolean allPatients,
		String requestId, String remoteAddress) {

	public AuditRecord {
		patients = List.copyOf(patients);
		withheldPatients = List.copyOf(withheldPatients);
	}
}
