package no.fjord.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.fjord.examples.load.TestFhirServer;

class GeneratorCommandTest {

	private final ByteArrayOutputStream stdoutBytes = new ByteArrayOutputStream();
	private final ByteArrayOutputStream stderrBytes = new ByteArrayOutputStream();
	private final GeneratorCommand command = new GeneratorCommand(
			new PrintStream(stdoutBytes, true, StandardCharsets.UTF_8),
			new PrintStream(stderrBytes, true, StandardCharsets.UTF_8));

	@Test
	void runWhenOutGivenThenOneFilePerPatient(@TempDir Path directory) throws Exception {
		Path out = directory.resolve("bundles");

		int status = command.run("--patients", "3", "--seed", "9", "--out", out.toString());

		assertThat(status).isEqualTo(GeneratorCommand.OK);
		try (Stream<Path> files = Files.list(out)) {
			assertThat(files.map(p -> p.getFileName().toString()).sorted())
					.containsExactly("patient-00001.json", "patient-00002.json", "patient-00003.json");
		}
		assertThat(Files.readString(out.resolve("patient-00001.json"))).startsWith("{\"resourceType\":\"Bundle\"");
		assertThat(stdout()).isEmpty();
	}

	@Test
	void runWhenNoDestinationThenBundlesOnStdoutOnePerLine() throws Exception {
		int status = command.run("--patients", "4");

		assertThat(status).isEqualTo(GeneratorCommand.OK);
		List<String> lines = stdout().lines().toList();
		assertThat(lines).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("{\"resourceType\":\"Bundle\""));
	}

	@Test
	void runWhenLoadSucceedsThenStatusOkAndSummary() throws Exception {
		try (TestFhirServer server = TestFhirServer.accepting()) {
			int status = command.run("--patients", "5", "--load", server.baseUrl(), "--concurrency", "2",
					"--header", "Authorization: Bearer t0ken");

			assertThat(status).isEqualTo(GeneratorCommand.OK);
			assertThat(server.requests()).hasSize(5)
					.allSatisfy(r -> assertThat(r.headers().get("Authorization")).isEqualTo("Bearer t0ken"));
			assertThat(stderr()).contains("loaded 5 bundles").contains("0 failed");
		}
	}

	@Test
	void runWhenServerRejectsThenStatusLoadFailed() throws Exception {
		try (TestFhirServer server = TestFhirServer.start(
				body -> new TestFhirServer.Reply(401, TestFhirServer.OPERATION_OUTCOME))) {
			int status = command.run("--patients", "2", "--load", server.baseUrl());

			assertThat(status).isEqualTo(GeneratorCommand.LOAD_FAILED);
			assertThat(stderr()).contains("HTTP 401").contains("2 failed");
		}
	}

	@Test
	void runWhenHelpThenUsageAndOk() throws Exception {
		assertThat(command.run("--help")).isEqualTo(GeneratorCommand.OK);
		assertThat(stdout()).contains("--patients N").contains("--load BASE_URL").contains("--header");
	}

	@Test
	void runWhenBadOptionThenUsageError() throws Exception {
		assertThat(command.run("--patients", "many")).isEqualTo(GeneratorCommand.USAGE_ERROR);
		assertThat(stderr()).contains("error: --patients needs a whole number").contains("Usage:");
	}

	@Test
	void runWhenLoadUrlNotHttpThenUsageError() throws Exception {
		assertThat(command.run("--load", "localhost:8080/fhir")).isEqualTo(GeneratorCommand.USAGE_ERROR);
		assertThat(stderr()).contains("absolute http(s) URL");
	}

	private String stdout() {
		return stdoutBytes.toString(StandardCharsets.UTF_8);
	}

	private String stderr() {
		return stderrBytes.toString(StandardCharsets.UTF_8);
	}
}
