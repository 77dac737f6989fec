package no.fjord.examples.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {

	private final BundleWriter writer = new BundleWriter();

	@Test
	void fileNameIsZeroPaddedPatientNumber() {
		assertThat(BundleWriter.fileName(1)).isEqualTo("patient-00001.json");
		assertThat(BundleWriter.fileName(1000)).isEqualTo("patient-01000.json");
	}

	@Test
	void serializeWritesCompactJsonAndCountsEntries() {
		Bundle bundle = new SyntheticDataSet(1, 1).iterator().next();
		SerializedBundle serialized = writer.serialize(1, bundle);
		assertThat(serialized.json()).startsWith("{\"resourceType\":\"Bundle\"").doesNotContain("\n");
		assertThat(serialized.resourceCount()).isEqualTo(bundle.getEntry().size());
		assertThat(serialized.number()).isEqualTo(1);
	}

	@Test
	void writeStoresUtf8JsonWithFinalNewline(@TempDir Path directory) throws IOException {
		SerializedBundle bundle = new SerializedBundle(7, "{\"resourceType\":\"Bundle\",\"id\":\"Ødegård-æå\"}", 0);
		Path file = writer.write(directory, bundle);
		assertThat(file).isEqualTo(directory.resolve("patient-00007.json"));
		assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(bundle.json() + "\n");
	}
}
