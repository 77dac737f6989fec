package no.fjord.common.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Set;

/**
 * Whose records the caller of a FHIR request may not look into at all: patients with a blocking (sperring)
 * in force that names the caller. Consent answers; the audit trail asks, so that a blocked caller cannot
 * read the patient's access log (which names the blocked data and the blocking itself). Neither module
 * knows the other.
 */
public interface PatientsHiddenFromCaller {

	/** When nothing enforces blockings. */
	PatientsHiddenFromCaller NONE = request -> Set.of();

	/** The bare ids of the patients hidden from this request's caller; empty for nearly every caller. */
	Set<String> of(RequestDetails request);
}
