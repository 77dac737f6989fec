package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Binary;

/** Runs a Bulk Data export the way a client does: kick-off, status polling, file downloads. */
final class TestExports {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String base;
	private final Function<HttpRequest.Builder, HttpResponse<String>> send;

	/**
	 * @param base the FHIR base URL
	 * @param send sends a request as some caller (adds their token)
	 */
	TestExports(String base, Function<HttpRequest.Builder, HttpResponse<String>> send) {
		this.base = base;
		this.send = send;
	}

	/** Kicks off an export, polls until the manifest is ready and returns every NDJSON line of every file. */
	List<String> export(String kickOff) {
		HttpResponse<String> accepted = send.apply(HttpRequest.newBuilder(URI.create(base + "/" + kickOff))
				.header("Prefer", "respond-async").header("Accept", "application/fhir+json").GET());
		assertThat(accepted.statusCode()).isEqualTo(202);
		String status = accepted.headers().firstValue("Content-Location").orElseThrow();

		JsonNode manifest = pollManifest(status);
		assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
		List<String> lines = new ArrayList<>();
		for (JsonNode output : manifest.get("output")) {
			lines.addAll(download(output.get("url").asText()));
		}
		return lines;
	}

	private JsonNode pollManifest(String statusUrl) {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			HttpResponse<String> poll = send.apply(HttpRequest.newBuilder(URI.create(statusUrl)).GET());
			if (poll.statusCode() == 200) {
				try {
					return JSON.readTree(poll.body());
				} catch (java.io.IOException e) {
					throw new AssertionError("manifest is not JSON: " + poll.body(), e);
				}
			}
			assertThat(poll.statusCode()).as("export status").isEqualTo(202);
			sleep();
		}
		throw new AssertionError("export did not complete within 3 minutes");
	}

	private List<String> download(String url) {
		HttpResponse<String> file = send.apply(HttpRequest.newBuilder(URI.create(url))
				.header("Accept", "application/fhir+json").GET());
		assertThat(file.statusCode()).isEqualTo(200);
		String ndjson = file.body();
		if (ndjson.startsWith("{\"resourceType\":\"Binary\"")) {
			Binary binary = (Binary) FjordServerIT.FHIR.newJsonParser().parseResource(file.body());
			ndjson = new String(Base64.getDecoder().decode(binary.getDataElement().getValueAsString()), StandardCharsets.UTF_8);
		}
		return ndjson.lines().filter(line -> !line.isBlank()).toList();
	}

	private static void sleep() {
		try {
			Thread.sleep(500);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}
}
