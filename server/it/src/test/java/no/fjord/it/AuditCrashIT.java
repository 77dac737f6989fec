package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A crash right after an answer loses no audit record: Fjord runs as a process of its own on a
 * PostgreSQL the test owns, answers a read, and is killed (SIGKILL, no shutdown hooks) the moment the
 * answer arrives; the read's row is in the database afterwards.
 */
class AuditCrashIT {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void answeredReadIsInTheTrailAfterTheServerIsKilled() throws Exception {
		Path dir = Path.of("target", "it-data", "crash-" + UUID.randomUUID()).toAbsolutePath();
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
				.setCleanDataDirectory(true).start()) {
			int port = TestFjordProcess.freePort();
			String root = "http://localhost:" + port;
			Process server = start(postgres, port, dir);
			String requestId = UUID.randomUUID().toString();
			try {
				String token = TestTokens.token(root, TestTokens.ALL);
				HttpResponse<String> stored = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient/krasj"))
						.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
						.PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"id\":\"krasj\",\"name\":[{\"family\":\"Krasj\",\"given\":[\"Test\"]}]}")).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(stored.statusCode()).isIn(200, 201);

				HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient/krasj"))
						.header("Authorization", "Bearer " + token).header("X-Request-Id", requestId).GET().build(),
						HttpResponse.BodyHandlers.ofString());
				server.destroyForcibly();
				assertThat(read.statusCode()).isEqualTo(200);
			} finally {
				server.destroyForcibly().waitFor();
			}

			try (Connection connection = postgres.getPostgresDatabase().getConnection();
					PreparedStatement query = connection.prepareStatement(
							"SELECT interaction, resource_ref FROM fjord_audit_event WHERE request_id = ?")) {
				query.setString(1, requestId);
				try (ResultSet rows = query.executeQuery()) {
					assertThat(rows.next()).as("the read's audit row survived the crash").isTrue();
					assertThat(rows.getString(1)).isEqualTo("read");
					assertThat(rows.getString(2)).isEqualTo("Patient/krasj/_history/1");
				}
			}
		}
	}

	private static Process start(EmbeddedPostgres postgres, int port, Path dir) throws IOException, InterruptedException {
		return TestFjordProcess.start(port, dir.resolve("server.log"), List.of(
				"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres",
				"--spring.datasource.password=",
				"--fjord.storage.fulltext.directory=" + dir.resolve("lucene"),
				"--fjord.auth.authorization-server.admin-client-secret-file=" + dir.resolve("admin-client-secret")));
	}
}
