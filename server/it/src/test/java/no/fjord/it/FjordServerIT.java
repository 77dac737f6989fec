package no.fjord.it;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import no.fjord.app.FjordApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that share one running Fjord: the real application on a random
 * port, with its embedded PostgreSQL in a fresh directory for this test JVM. Every subclass gets the
 * same Spring context, so the server starts once per run.
 */
@AutoConfigureObservability
@SpringBootTest(classes = FjordApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class FjordServerIT {

	protected static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final Path DATA = Path.of("target", "it-data", UUID.randomUUID().toString());
	protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@LocalServerPort
	protected int port;

	protected IGenericClient client;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("fjord.storage.embedded.data-dir", () -> DATA.resolve("postgres").toString());
		registry.add("fjord.storage.fulltext.directory", () -> DATA.resolve("lucene").toString());
		registry.add("fjord.storage.bulk-export.reuse-jobs", () -> "false");
		// small enough for UploadLimitsIT to reach in seconds with a few connections
		registry.add("fjord.fhir.upload-timeout", () -> "10s");
		registry.add("fjord.fhir.max-buffered-bodies", () -> "48MB");
		registry.add("fjord.auth.authorization-server.admin-client-secret-file",
				() -> DATA.resolve("admin-client-secret").toString());
		// rest-hook receivers of SubscriptionIT listen on loopback over http; retries shortened
		registry.add("fjord.subscription.endpoints.insecure-hosts", () -> "localhost,127.0.0.1");
		registry.add("fjord.subscription.endpoints.private-hosts", () -> "localhost,127.0.0.1");
		registry.add("fjord.subscription.delivery.first-retry", () -> "200ms");
		registry.add("fjord.subscription.delivery.longest-retry", () -> "1s");
		registry.add("fjord.subscription.delivery.timeout", () -> "2s");
		registry.add("fjord.subscription.delivery.give-up-after", () -> "30s");
		registry.add("fjord.subscription.max-per-subscriber", () -> "30");
		TestTokens.clientProperties().forEach((key, value) -> registry.add(key, () -> value));
		SecurityFixtures.properties().forEach((key, value) -> registry.add(key, () -> value));
	}

	@BeforeEach
	void connectClient() {
		FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		FHIR.getRestfulClientFactory().setSocketTimeout(60_000);
		client = TestTokens.authorized(FHIR.newRestfulGenericClient(base()), root());
	}

	/** An access token of the test client (all data, administration). */
	protected String token() {
		return TestTokens.token(root(), TestTokens.ALL);
	}

	protected String base() {
		return "http://localhost:" + port + "/fhir";
	}

	protected String root() {
		return "http://localhost:" + port;
	}

	/** Sends a request with the test client's token, unless it already has an Authorization header. */
	protected HttpResponse<String> send(HttpRequest.Builder request) {
		HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
		if (built.headers().firstValue("Authorization").isEmpty()) {
			built = HttpRequest.newBuilder(built, (name, value) -> true)
					.header("Authorization", "Bearer " + token()).build();
		}
		return sendAsIs(built);
	}

	/** Sends a request exactly as built: no token unless it has one. */
	protected HttpResponse<String> sendAsIs(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	protected HttpResponse<String> get(String pathAndQuery) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/" + pathAndQuery)).GET());
	}

	/**
	 * Sends a GET exactly as written, without the URL encoding Java's clients insist on, as curl and
	 * many FHIR clients do (a raw '|' in token searches). Returns the status line and the body.
	 */
	protected String rawGet(String pathAndQuery) {
		try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
			socket.setSoTimeout(30_000);
			String request = "GET /fhir/" + pathAndQuery + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer "
					+ token() + "\r\nConnection: close\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	protected HttpResponse<String> post(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/" + path))
				.header("Content-Type", contentType)
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}
}
