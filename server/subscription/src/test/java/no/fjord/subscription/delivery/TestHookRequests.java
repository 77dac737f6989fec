package no.fjord.subscription.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Rest-hook notifications for tests: a small FHIR JSON body, signed with the Standard Webhooks example secret. */
final class TestHookRequests {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
	static final String EVENT_ID = "evt_01HZX3K9";
	static final Instant SENT_AT = Instant.parse("2025-03-01T12:00:00Z");
	static final String CONTENT_TYPE = "application/fhir+json; fhirVersion=4.0";
	static final byte[] BODY = "{\"resourceType\":\"Bundle\",\"type\":\"history\"}".getBytes(StandardCharsets.UTF_8);

	private TestHookRequests() {
	}

	static HookRequest post(String url) {
		return post(url, List.of());
	}

	static HookRequest post(String url, List<String> headers) {
		return new HookRequest("POST", url, CONTENT_TYPE, BODY, headers, SECRET, EVENT_ID, SENT_AT);
	}
}
