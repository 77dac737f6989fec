package no.fjord.consent.blocking;

import org.hl7.fhir.instance.model.api.IIdType;

/**
 * One spelling for "who": a blocking names an actor by reference or by identifier, a caller is known by
 * both, and the two meet as strings. A reference becomes {@code Practitioner/123} (no base URL, no
 * version), an identifier {@code system|value}.
 */
public final class ActorKeys {

	private ActorKeys() {
	}

	public static String reference(IIdType id) {
		return id.getResourceType() + "/" + id.getIdPart();
	}

	public static String identifier(String system, String value) {
		return system + "|" + value;
	}
}
