package no.fjord.terminology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's checks that run before it starts the application (the load itself is tested in server/it). */
class LoadTerminologyCommandTest {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	@Test
	void usageErrorsExitWith64AndShowTheUsage() {
		assertThat(run("--kind", "icd-10-no")).isEqualTo(LoadTerminologyCommand.USAGE);
		assertThat(output.toString()).contains("--kind and --file are required", "Usage: load-terminology");

		assertThat(run("--kind", "icd-11", "--file", "x.csv")).isEqualTo(LoadTerminologyCommand.USAGE);
		assertThat(output.toString()).contains("Unknown kind icd-11");

		assertThat(run("--kind", "icd-10-no", "--file", dir.resolve("missing.csv").toString()))
				.isEqualTo(LoadTerminologyCommand.USAGE);
		assertThat(run("--kind", "icd-10-no", "stray")).isEqualTo(LoadTerminologyCommand.USAGE);
		assertThat(run("--kind")).isEqualTo(LoadTerminologyCommand.USAGE);
	}

	@Test
	void aRequestWithoutVersionIsAUsageError() throws IOException {
		Path file = Files.writeString(dir.resolve("icd10.csv"), "Kode;Tekst\nJ45;Astma\n");

		assertThat(run("--kind", "icd-10-no", "--file", file.toString())).isEqualTo(LoadTerminologyCommand.USAGE);
		assertThat(output.toString()).contains("needs a version");
	}

	@Test
	void aBadFileIsRefusedWithItsLineBeforeAnythingStarts() throws IOException {
		Path file = Files.writeString(dir.resolve("icd10.csv"), "Kode;Tekst\nJ45;Astma\nJ45;Astma igjen\n");

		assertThat(run("--kind", "icd-10-no", "--version", "2026", "--file", file.toString()))
				.isEqualTo(LoadTerminologyCommand.REFUSED);
		assertThat(output.toString()).contains("Refused, nothing was stored: line 3: code J45 already given on line 2");
	}

	private int run(String... args) {
		return LoadTerminologyCommand.run(Object.class, args, new PrintStream(output, true));
	}
}
