package no.fjord.terminology.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportFilesTest {

	@TempDir
	Path dir;

	@Test
	void resolvesFilesInsideTheImportDirectory() throws IOException {
		Path imports = Files.createDirectories(dir.resolve("imports"));
		Path file = Files.writeString(imports.resolve("icd10.csv"), "Kode;Tekst\n");

		assertThat(new ImportFiles(imports).resolve(file.toUri().toString())).isEqualTo(file.toRealPath());
	}

	@Test
	void refusesFilesOutsideTheImportDirectoryAlsoThroughDotDot() throws IOException {
		Path imports = Files.createDirectories(dir.resolve("imports"));
		Path outside = Files.writeString(dir.resolve("secret.txt"), "x");
		ImportFiles files = new ImportFiles(imports);

		assertThatThrownBy(() -> files.resolve(outside.toUri().toString()))
				.isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> files.resolve("file:" + imports + "/../secret.txt"))
				.isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> files.resolve(imports.toUri().toString()))
				.as("a directory is not a file").isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void refusesFileUrlsWhenNoImportDirectoryIsSetAndUnreadableUrls() throws IOException {
		Path file = Files.writeString(dir.resolve("icd10.csv"), "Kode;Tekst\n");

		assertThatThrownBy(() -> new ImportFiles(null).resolve(file.toUri().toString()))
				.isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("fjord.terminology.import-directory");
		assertThatThrownBy(() -> new ImportFiles(dir).resolve("https://example.org/icd10.csv"))
				.isInstanceOf(InvalidRequestException.class);
		assertThatThrownBy(() -> new ImportFiles(dir).resolve(dir.resolve("missing.csv").toUri().toString()))
				.isInstanceOf(InvalidRequestException.class);
	}
}
