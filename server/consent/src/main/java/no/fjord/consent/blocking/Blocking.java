package no.fjord.consent.blocking;

/**
 * A patient's active blocking (sperring), read from a Consent with Fjord's {@code sperring} category: a
 * deny provision naming health personnel, roles, organisations or care teams, with its exceptions.
 *
 * @param consentId the Consent's id ({@code Consent/123})
 * @param patientId the patient's bare id
 */
public record Blocking(String consentId, String patientId, Provision deny) {
}
