package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The embedded PostgreSQL and the full-text index as a failing machine sees them. Fjord runs as a
 * process of its own on its own embedded database (no {@code spring.datasource.url}); the tests run in
 * order on the same data, killing the postmaster, then the JVM with everything it started but the
 * postmaster, then the JVM alone (SIGKILL each time), and check what is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedDatabaseCrashIT {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Path dir = Path.of("target", "it-data", "embedded-crash-" + UUID.randomUUID()).toAbsolutePath();
	private final Path dataDir = dir.resolve("pg");
	private final Random random = new Random();
	private Process server;
	private String root;

	@BeforeAll
	void startFjord() throws Exception {
		Files.createDirectories(dir);
		start();
	}

	@AfterAll
	void stopFjord() throws Exception {
		if (server != null) {
			server.destroy(); // a clean stop (stopping its PostgreSQL) if a failed test left it running
			server.waitFor();
		}
	}

	@Test
	@Order(1)
	void embeddedDatabaseRunsDurable() throws Exception {
		try (Connection connection = DriverManager.getConnection(embeddedJdbcUrl(), "postgres",
				Files.readString(dataDir.resolve("fjord-password")));
				Statement statement = connection.createStatement()) {
			for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
				try (ResultSet shown = statement.executeQuery("SHOW " + setting)) {
					assertThat(shown.next()).isTrue();
					assertThat(shown.getString(1)).as(setting).isEqualTo("on");
				}
			}
		}
	}

	@Test
	@Order(1)
	void embeddedDatabaseAsksForThePasswordInItsDataDirectory() throws Exception {
		assertThatThrownBy(() -> DriverManager.getConnection(embeddedJdbcUrl(), "postgres", "").close())
				.isInstanceOf(SQLException.class);
		assertThat(Files.getPosixFilePermissions(dataDir.resolve("fjord-password")))
				.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
	}

	@Test
	@Order(2)
	void whenThePostmasterIsKilledDuringWritesEveryAnsweredWriteSurvivesAndFjordRecovers() throws Exception {
		String token = token();
		List<String> answered = new CopyOnWriteArrayList<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		Thread writer = new Thread(() -> {
			while (writing.get()) {
				try {
					HttpResponse<String> created = createPatient(token, word());
					if (created.statusCode() == 201) {
						answered.add(created.headers().firstValue("Location").orElseThrow());
					}
				} catch (IOException | InterruptedException stopped) {
					return;
				}
			}
		});
		writer.start();
		awaitSize(answered, 10);

		List<Integer> liveness = new CopyOnWriteArrayList<>();
		Thread probe = probeLiveness(liveness);
		ProcessHandle.of(postmasterPid()).orElseThrow().destroyForcibly();
		// reads while the database is down and restarting; how many fail depends on how fast it comes back
		List<HttpResponse<String>> refused = new ArrayList<>();
		Instant until = Instant.now().plus(Duration.ofSeconds(8));
		while (Instant.now().isBefore(until)) {
			Instant sent = Instant.now();
			HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient?_count=1"))
					.header("Authorization", "Bearer " + token));
			assertThat(Duration.between(sent, Instant.now())).as("answered quickly, not after the pool's 30 s")
					.isLessThan(Duration.ofSeconds(15));
			assertThat(read.statusCode()).as("served, or refused as unavailable").isIn(200, 503);
			if (read.statusCode() == 503) {
				refused.add(read);
			}
		}
		writing.set(false);
		writer.join(60_000);

		assertThat(refused).as("requests while the database was down").isNotEmpty()
				.allSatisfy(read -> assertThat(read.body()).contains("OperationOutcome").contains("not reachable"));

		awaitRecovered(token);
		probe.interrupt();
		probe.join();
		assertThat(liveness).as("liveness went down with the database, and up again").contains(503)
				.endsWith(200);
		for (String location : answered) {
			HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(location.replaceAll("/_history/.*", "")))
					.header("Authorization", "Bearer " + token));
			assertThat(read.statusCode()).as(location + " was answered 201 before the kill").isEqualTo(200);
		}
	}

	@Test
	@Order(3)
	void afterAKillThatLeavesThePostmasterRunningFjordStartsAgainAndFullTextFindsEveryAnsweredWrite() throws Exception {
		String token = token();
		List<String> families = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String family = word();
			assertThat(createPatient(token, family).statusCode()).isEqualTo(201);
			families.add(family);
		}
		long postmaster = postmasterPid();
		// everything the JVM started itself dies with it; the postmaster, in a session of its own, does not
		server.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
		server.destroyForcibly().waitFor();
		assertThat(isAlive(postmaster)).as("the postmaster was left running").isTrue();

		start();

		String newToken = token();
		for (String family : families) {
			HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient?_content=" + family))
					.header("Authorization", "Bearer " + newToken));
			assertThat(found.statusCode()).isEqualTo(200);
			assertThat(found.body()).as("_content=" + family + " after the kill").contains(family);
		}
	}

	@Test
	@Order(4)
	void thePostmasterDoesNotOutliveAKilledJvm() throws Exception {
		long postmaster = postmasterPid();
		server.destroyForcibly().waitFor();

		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (isAlive(postmaster) && Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
		}
		assertThat(isAlive(postmaster)).as("the postmaster stopped with the JVM").isFalse();
	}

	private void start() throws IOException, InterruptedException {
		int port = TestFjordProcess.freePort();
		root = "http://localhost:" + port;
		server = TestFjordProcess.start(port, dir.resolve("server.log"), List.of(
				"--fjord.storage.embedded.data-dir=" + dataDir,
				"--fjord.storage.fulltext.directory=" + dir.resolve("lucene"),
				"--fjord.auth.authorization-server.admin-client-secret-file=" + dir.resolve("admin-client-secret"),
				// A killed database stays down until the watchdog's next look (up to 3 s) plus its start, longer
				// than a request waits for a connection (1 s): requests in between must see the outage as 503.
				// With the defaults (1 s, 3 s) a fast restart can hide it from every request.
				"--fjord.storage.embedded.watch-interval=3s",
				"--fjord.storage.embedded.connection-timeout=1s"));
	}

	private String token() {
		return TestTokens.token(root, TestTokens.ALL);
	}

	private HttpResponse<String> createPatient(String token, String family) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.timeout(Duration.ofSeconds(60))
				.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\""
						+ family + "\",\"given\":[\"Test\"]}]}")).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A family name the full-text analyser keeps as one token. */
	private String word() {
		StringBuilder word = new StringBuilder("varig");
		for (int i = 0; i < 10; i++) {
			word.append((char) ('a' + random.nextInt(26)));
		}
		return word.toString().toLowerCase(Locale.ROOT);
	}

	private List<String> postmasterPidFile() throws IOException {
		return Files.readAllLines(dataDir.resolve("postmaster.pid"));
	}

	private String embeddedJdbcUrl() throws IOException {
		return "jdbc:postgresql://localhost:" + postmasterPidFile().get(3).trim() + "/postgres";
	}

	private long postmasterPid() throws IOException {
		return Long.parseLong(postmasterPidFile().get(0).trim());
	}

	private static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	private Thread probeLiveness(List<Integer> statuses) {
		Thread probe = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				try {
					statuses.add(HTTP.send(HttpRequest.newBuilder(URI.create(root + "/actuator/health/liveness"))
							.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
					Thread.sleep(50);
				} catch (IOException failed) {
					statuses.add(-1);
				} catch (InterruptedException stopped) {
					return;
				}
			}
		});
		probe.start();
		return probe;
	}

	private void awaitRecovered(String token) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline)) {
			HttpResponse<String> created = createPatient(token, word());
			if (created.statusCode() == 201) {
				Thread.sleep(200); // a last liveness probe after the recovery
				return;
			}
			Thread.sleep(500);
		}
		throw new AssertionError("Fjord did not recover within a minute after its database was killed");
	}

	private static void awaitSize(List<String> list, int size) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		while (list.size() < size) {
			assertThat(Instant.now()).as("writes are answered").isBefore(deadline);
			Thread.sleep(50);
		}
	}
}
