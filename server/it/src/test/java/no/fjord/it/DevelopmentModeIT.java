package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import no.fjord.app.FjordApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Security can only be turned off by saying so ({@code fjord.auth.enabled=false}), and then the server
 * says it loudly at start. Runs in its own JVM (see the failsafe executions in the pom): it starts a server
 * of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentModeIT {

	@TempDir
	Path dir;

	@Test
	void authenticationOffIsExplicitAndAnnounced(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext fjord = new SpringApplicationBuilder(FjordApplication.class).run(
				"--server.port=0",
				"--fjord.auth.enabled=false",
				"--fjord.storage.embedded.data-dir=" + dir.resolve("postgres"),
				"--fjord.storage.fulltext.directory=" + dir.resolve("lucene"))) {
			String root = "http://localhost:" + fjord.getEnvironment().getProperty("local.server.port");
			HttpClient http = HttpClient.newHttpClient();
			HttpResponse<String> search = http.send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(search.statusCode()).as("no token needed").isEqualTo(200);
			HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
					.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(token.statusCode()).as("no authorization server either").isEqualTo(404);
			assertThat(output.getOut()).contains("WARN", "AUTHENTICATION IS OFF (fjord.auth.enabled=false)");
		}
	}
}
