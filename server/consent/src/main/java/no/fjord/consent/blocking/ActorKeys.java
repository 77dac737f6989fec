package no.fjord.consent.blocking;

import org.hl7.fhir.instance.model.api.IIdType;

/**
 * One spelling for "who": a blocking names an actor by reference or by identifier, a caller is known by
 * both, and the two meet as strings. A reference becomes {@code Practitioner/123} (no base URL, no
 * version), an identifier {@code system|value}.
 */
public final class ActorKeys {

	/** HPR-nummer, the health personnel register number. */
	public static final String HPR = "urn:oid:2.16.578.1.12.4.1.4.4";
	/** Organisasjonsnummer from Enhetsregisteret. */
	public static final String ORGANISASJONSNUMMER = "urn:oid:2.16.578.1.12.4.1.4.101";

	private ActorKeys() {
	}

	public static String reference(IIdType id) {
		return id.getResourceType() + "/" + id.getIdPart();
	}

	public static String identifier(String system, String value) {
		return system + "|" + value;
	}
}
