package no.fjord.common.access;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Whether a patient's blockings (sperring) keep a resource from a person, for code that hands out patients
 * outside FHIR requests: the SMART patient picker and the EHR launch API ask it before offering or accepting
 * a patient. The consent module implements it; without an implementation nothing is kept back. Security
 * asks, consent decides; neither module knows the other.
 */
public interface BlockingCheck {

	/** When nothing enforces blockings. */
	BlockingCheck NONE = (person, resource) -> false;

	boolean keeps(Person person, IBaseResource resource);

	/**
	 * Who is asking, as far as known.
	 *
	 * @param issuer who vouched for the person (a token's issuer, or Fjord's login)
	 * @param subject the user name or token subject
	 * @param fhirUser {@code Practitioner/123} and the like, or {@code null}
	 * @param hprNumber the HPR number, or {@code null}
	 * @param organisation the organisation number acted for, or {@code null}
	 */
	record Person(String issuer, String subject, String fhirUser, String hprNumber, String organisation) {
	}
}
