package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.fjord.app.FjordApplication;

/**
 * Fjord as a process of its own, for tests that kill it: the test JVM's class path, a free port, the
 * test client registered, output in a log file next to its data.
 */
final class TestFjordProcess {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private TestFjordProcess() {}

	/** Starts Fjord on {@code port} with {@code arguments} and waits until it answers. */
	static Process start(int port, Path log, List<String> arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"),
				FjordApplication.class.getName(),
				"--server.port=" + port));
		command.addAll(arguments);
		command.addAll(TestTokens.clientArguments());
		Process server = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
		awaitStarted("http://localhost:" + port, server);
		return server;
	}

	/** Generous: a loaded 2-core machine has needed eight minutes to start Fjord on an empty database. */
	private static void awaitStarted(String root, Process server) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(20));
		while (Instant.now().isBefore(deadline)) {
			assertThat(server.isAlive()).as("the server process is running (see its server.log)").isTrue();
			try {
				HttpResponse<Void> metadata = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/fhir/metadata")).GET()
						.build(), HttpResponse.BodyHandlers.discarding());
				if (metadata.statusCode() == 200) {
					return;
				}
			} catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(1_000);
		}
		server.destroyForcibly();
		throw new AssertionError("Fjord did not start within 20 minutes");
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
