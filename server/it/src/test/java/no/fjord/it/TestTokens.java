package no.fjord.it;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real tokens for the integration tests: the servers under test register a backend client
 * ({@value #CLIENT_ID}) from configuration, and the tests get their access tokens from the server's own
 * token endpoint with the client credentials grant, as a SMART Backend Services client with a secret would.
 */
final class TestTokens {

	static final String CLIENT_ID = "fjord-it";
	static final String SECRET = "it-secret-not-for-production";
	/** What the test client may ask for: all data and administration. */
	static final String ALL = "system/*.cruds fjord.admin";

	private static final HttpClient HTTP = HttpClient.newHttpClient();
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

	private TestTokens() {}

	/** The configuration that registers the test client, as {@code key=value} pairs. */
	static Map<String, String> clientProperties() {
		return Map.of(
				"fjord.auth.clients[0].client-id", CLIENT_ID,
				"fjord.auth.clients[0].secret", "{noop}" + SECRET,
				"fjord.auth.clients[0].scopes", ALL.replace(' ', ','),
				"fjord.auth.clients[0].grant-types", "client_credentials");
	}

	/** The same as command-line arguments. */
	static List<String> clientArguments() {
		return clientProperties().entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toList();
	}

	/** An access token of the test client for {@code scope}, reused while it has minutes left. */
	static String token(String root, String scope) {
		String key = root + " " + scope;
		Cached cached = CACHE.get(key);
		if (cached != null && cached.expiresAt > System.currentTimeMillis() + 120_000) {
			return cached.token;
		}
		JsonNode response = tokenResponse(root, CLIENT_ID, SECRET, "grant_type=client_credentials&scope="
				+ URLEncoder.encode(scope, StandardCharsets.UTF_8));
		String token = response.path("access_token").asText(null);
		if (token == null) {
			throw new IllegalStateException("No token for the test client: " + response);
		}
		CACHE.put(key, new Cached(token, System.currentTimeMillis() + response.path("expires_in").asLong() * 1000));
		return token;
	}

	static JsonNode tokenResponse(String root, String clientId, String secret, String form) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form));
		if (secret != null) {
			request.header("Authorization", basic(clientId, secret));
		}
		try {
			return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** HTTP Basic client authentication (RFC 6749 section 2.3.1). */
	static String basic(String clientId, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	/** Makes a HAPI client send the test client's token. */
	static IGenericClient authorized(IGenericClient client, String root) {
		client.registerInterceptor(new BearerTokenAuthInterceptor(token(root, ALL)));
		return client;
	}

	private record Cached(String token, long expiresAt) {}
}
