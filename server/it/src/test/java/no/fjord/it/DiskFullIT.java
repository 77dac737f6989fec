package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A full disk, as an operator meets it. Fjord runs as a process of its own with its embedded database
 * and its full-text index each on a small filesystem of its own (tmpfs, mounted by the test: that needs
 * root, which CI has; elsewhere the class is skipped and says why). The test fills one at a time with a
 * ballast file, writes, frees the space and checks what was stored, what was answered, and the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiskFullIT {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private static final int MEGABYTE = 1 << 20;

	private final Path dir = Path.of("target", "it-data", "disk-full-" + UUID.randomUUID()).toAbsolutePath();
	private final Path databaseVolume = dir.resolve("database");
	private final Path indexVolume = dir.resolve("index");
	private final Path dataDir = databaseVolume.resolve("pg");
	private final Random random = new Random();
	/** Words written as patient data; none may appear in the server's log. */
	private final List<String> patientWords = new ArrayList<>();
	private Process server;
	private String root;

	@BeforeAll
	void startFjordOnSmallVolumes() throws Exception {
		Files.createDirectories(databaseVolume);
		Files.createDirectories(indexVolume);
		Assumptions.assumeTrue(mount(databaseVolume, "192m"),
				"mounting a small filesystem (tmpfs) needs root; DiskFullIT runs where it can, as in CI");
		assertThat(mount(indexVolume, "16m")).isTrue();
		int port = TestFjordProcess.freePort();
		root = "http://localhost:" + port;
		server = TestFjordProcess.start(port, dir.resolve("server.log"), List.of(
				"--fjord.storage.embedded.data-dir=" + dataDir,
				"--fjord.storage.fulltext.directory=" + indexVolume.resolve("lucene"),
				"--fjord.storage.fulltext.repair-interval=1s",
				"--fjord.auth.authorization-server.admin-client-secret-file=" + dir.resolve("admin-client-secret")));
	}

	@AfterAll
	void stopFjordAndUnmount() throws Exception {
		if (server != null) {
			server.destroy();
			server.waitFor();
		}
		unmount(databaseVolume);
		unmount(indexVolume);
	}

	@Test
	@Order(1)
	void writesWhileTheIndexDiskIsFullAreStoredAndFoundByFullTextOnceThereIsRoom() throws Exception {
		String token = TestTokens.token(root, TestTokens.ALL);
		Path ballast = fill(indexVolume);
		List<String> families = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String family = word();
			HttpResponse<String> created = createPatient(token, family, family);
			assertThat(created.statusCode()).as("stored; its index entry waits").isEqualTo(201);
			families.add(family);
		}
		for (String family : families) {
			assertThat(total(token, "identifier=urn:fjord:test:disk|" + family)).as(family + " stored").isEqualTo(1);
		}

		Files.delete(ballast);

		for (String family : families) {
			awaitTotal(token, "_content=" + family, 1);
		}
		assertThat(serverLog()).contains("wait in the full-text backlog").contains("full-text index entries from the backlog");
	}

	@Test
	@Order(2)
	void writesWhileTheDatabaseDiskIsFullAre507AndNothingOfThemIsStored() throws Exception {
		String token = TestTokens.token(root, TestTokens.ALL);
		// The write-ahead log takes its room 16 MB at a time: a new segment, taken before the disk fills,
		// holds this test's writes, so it is the tables that run out of room (an error), not the log (a
		// PANIC, which stops the database: what Fjord does then is EmbeddedDatabaseCrashIT's subject).
		startNewWalSegment();
		assertThat(createPatient(token, word(), word()).statusCode()).isEqualTo(201);
		Path ballast = fill(databaseVolume);
		release(ballast, MEGABYTE);

		List<String> stored = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		HttpResponse<String> firstRefusal = null;
		for (int i = 0; i < 1_000 && refused.size() < 3; i++) {
			String identifier = word();
			HttpResponse<String> created = createPatient(token, identifier, word() + " " + "x".repeat(3_000));
			if (created.statusCode() == 201) {
				stored.add(identifier);
			} else {
				assertThat(created.statusCode()).as("refused for want of room: " + created.body()).isEqualTo(507);
				assertThat(created.body()).contains("OperationOutcome").contains("nothing was stored");
				assertThat(created.headers().firstValue("Retry-After")).isPresent();
				firstRefusal = firstRefusal == null ? created : firstRefusal;
				refused.add(identifier);
			}
		}
		assertThat(refused).as("a megabyte of room runs out").hasSize(3);
		// Reads go on while the audit trail's last pages have room for their records; then they are refused,
		// never answered unrecorded. Their queries name patients: the failed audit writes must not log them.
		HttpResponse<String> unrecorded = null;
		for (int i = 0; i < 2_000 && unrecorded == null; i++) {
			HttpResponse<String> read = search(token, "identifier=urn:fjord:test:disk|" + stored.get(i % stored.size()));
			if (read.statusCode() == 200) {
				assertThat(read.body()).contains("\"total\":1");
			} else {
				unrecorded = read;
			}
		}
		assertThat(unrecorded).as("a read whose audit record found no room").isNotNull();
		assertThat(unrecorded.statusCode()).as(unrecorded.body()).isEqualTo(503);
		assertThat(unrecorded.body()).contains("OperationOutcome");

		Files.delete(ballast);

		awaitStored(token);
		for (String identifier : stored) {
			assertThat(total(token, "identifier=urn:fjord:test:disk|" + identifier)).as(identifier + " answered 201").isEqualTo(1);
		}
		for (String identifier : refused) {
			assertThat(total(token, "identifier=urn:fjord:test:disk|" + identifier)).as(identifier + " answered 507").isZero();
		}
		String log = serverLog();
		assertThat(log).contains("No space left on device").contains("Could not write");
		assertThat(patientWords).as("patient data in the server log").noneMatch(log::contains);
	}

	private static boolean mount(Path volume, String size) throws IOException, InterruptedException {
		Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", volume.toString())
				.redirectErrorStream(true).start();
		return mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
	}

	private static void unmount(Path volume) throws IOException, InterruptedException {
		new ProcessBuilder("umount", "-l", volume.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
	}

	/** Writes a ballast file until the volume has no room left; returns it. */
	private static Path fill(Path volume) throws IOException {
		Path ballast = volume.resolve("ballast");
		byte[] chunk = new byte[MEGABYTE];
		try (OutputStream out = Files.newOutputStream(ballast)) {
			while (true) {
				out.write(chunk);
			}
		} catch (IOException full) {
			assertThat(full.getMessage()).contains("No space left on device");
		}
		return ballast;
	}

	/** Gives {@code bytes} of the ballast back to the volume. */
	private static void release(Path ballast, long bytes) throws IOException {
		try (FileChannel file = FileChannel.open(ballast, StandardOpenOption.WRITE)) {
			file.truncate(file.size() - bytes);
		}
	}

	private void startNewWalSegment() throws Exception {
		List<String> pid = Files.readAllLines(dataDir.resolve("postmaster.pid"));
		String url = "jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres";
		try (Connection connection = DriverManager.getConnection(url, "postgres",
				Files.readString(dataDir.resolve("fjord-password")));
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_switch_wal()");
		}
	}

	private HttpResponse<String> createPatient(String token, String identifier, String family)
			throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.timeout(Duration.ofSeconds(60))
				.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":"
						+ "\"urn:fjord:test:disk\",\"value\":\"" + identifier + "\"}],\"name\":[{\"family\":\"" + family
						+ "\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> search(String token, String query) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient?_summary=count&"
				+ query.replace("|", URLEncoder.encode("|", StandardCharsets.UTF_8))))
				.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private int total(String token, String query) throws IOException, InterruptedException {
		HttpResponse<String> found = search(token, query);
		assertThat(found.statusCode()).as(query + ": " + found.body()).isEqualTo(200);
		return Integer.parseInt(found.body().replaceAll("(?s).*\"total\":(\\d+).*", "$1"));
	}

	private void awaitTotal(String token, String query, int expected) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (total(token, query) != expected) {
			assertThat(Instant.now()).as(query + " finds " + expected + " within a minute").isBefore(deadline);
			Thread.sleep(500);
		}
	}

	/** Once there is room again, writes are stored again (the first ones may still meet a full audit page). */
	private void awaitStored(String token) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (createPatient(token, word(), word()).statusCode() != 201) {
			assertThat(Instant.now()).as("writes succeed again within a minute").isBefore(deadline);
			Thread.sleep(500);
		}
	}

	private String serverLog() throws IOException {
		return Files.readString(dir.resolve("server.log"));
	}

	/** A word the full-text analyser keeps as one token, remembered as patient data. */
	private String word() {
		StringBuilder word = new StringBuilder("fullt");
		for (int i = 0; i < 10; i++) {
			word.append((char) ('a' + random.nextInt(26)));
		}
		String patientWord = word.toString().toLowerCase(Locale.ROOT);
		patientWords.add(patientWord);
		return patientWord;
	}
}
