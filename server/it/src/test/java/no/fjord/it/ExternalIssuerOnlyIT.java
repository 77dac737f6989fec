package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import no.fjord.app.FjordApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fjord as a pure resource server of an external issuer (its own authorization server off), as behind
 * Keycloak or HelseID in production: SMART discovery sends apps to the external server, its tokens are
 * accepted, and Fjord issues none. Runs in its own JVM (see the failsafe executions in the pom).
 */
class ExternalIssuerOnlyIT {

	@TempDir
	Path dir;

	@Test
	void discoveryAndTokensComeFromTheExternalIssuer() throws Exception {
		String issuer = FakeOidcProvider.issuer();
		try (ConfigurableApplicationContext fjord = new SpringApplicationBuilder(FjordApplication.class).run(
				"--server.port=0",
				"--fjord.auth.authorization-server.enabled=false",
				"--fjord.auth.external-issuers[0].issuer=" + issuer,
				"--fjord.storage.embedded.data-dir=" + dir.resolve("postgres"),
				"--fjord.storage.fulltext.directory=" + dir.resolve("lucene"))) {
			String root = "http://localhost:" + fjord.getEnvironment().getProperty("local.server.port");
			HttpClient http = HttpClient.newHttpClient();

			JsonNode discovery = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
					URI.create(root + "/fhir/.well-known/smart-configuration")).build(), HttpResponse.BodyHandlers.ofString()).body());
			assertThat(discovery.path("issuer").asText()).isEqualTo(issuer);
			assertThat(discovery.path("token_endpoint").asText()).isEqualTo(issuer + "/token");
			assertThat(discovery.path("authorization_endpoint").asText()).isEqualTo(issuer + "/authorize");
			assertThat(discovery.path("capabilities").toString()).contains("permission-v2").doesNotContain("launch-ehr");

			HttpResponse<String> ownToken = http.send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=x&client_secret=y")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(ownToken.statusCode()).as("no token endpoint: just a path that needs a token").isEqualTo(401);
			assertThat(ownToken.body()).doesNotContain("access_token");
			assertThat(status(http, HttpRequest.newBuilder(URI.create(root + "/fhir/Patient")))).isEqualTo(401);
			String token = FakeOidcProvider.accessToken(root + "/fhir", "system/Patient.rs");
			assertThat(status(http, HttpRequest.newBuilder(URI.create(root + "/fhir/Patient"))
					.header("Authorization", "Bearer " + token))).as("the external issuer's token").isEqualTo(200);
			assertThat(status(http, HttpRequest.newBuilder(URI.create(root + "/fhir/Observation"))
					.header("Authorization", "Bearer " + token))).as("outside its scopes").isEqualTo(403);
		}
	}

	private static int status(HttpClient http, HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}
}
