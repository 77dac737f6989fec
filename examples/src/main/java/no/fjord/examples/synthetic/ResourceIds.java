package no.fjord.examples.synthetic;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic {@code urn:uuid:} fullUrls for the entries of one patient's transaction Bundle
 * (FHIR R4 Bundle §3.3.1.4.2: fullUrl as UUID URI, resolved by the server on transaction).
 * Name-based (version 3) UUIDs make the same seed and patient always give the same URLs.
 */
final class ResourceIds {

	private final String namespace;

	ResourceIds(long seed, int patientNumber) {
		this.namespace = "fjord-examples:" + seed + ":" + patientNumber + ":";
	}

	/** The fullUrl for the {@code ordinal}-th resource of {@code resourceType} for this patient. */
	String fullUrl(String resourceType, int ordinal) {
		byte[] name = (namespace + resourceType + "/" + ordinal).getBytes(StandardCharsets.UTF_8);
		return "urn:uuid:" + UUID.nameUUIDFromBytes(name);
	}
}
