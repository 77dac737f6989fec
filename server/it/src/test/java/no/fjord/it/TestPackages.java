package no.fjord.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds small FHIR NPM packages (gzipped tar, entries under {@code package/}) for tests. */
final class TestPackages {

	static final String PROFILE = "https://example.org/fhir/StructureDefinition/test-patient-with-birthdate";

	private TestPackages() {}

	/** A package {@code test.fjord.custom#1.0.0} with one profile: a Patient must have a birthDate. */
	static Path patientWithBirthDate(Path dir) throws IOException {
		String manifest = """
				{"name":"test.fjord.custom","version":"1.0.0","fhirVersions":["4.0.1"],
				 "dependencies":{"hl7.fhir.r4.core":"4.0.1"}}""";
		String profile = """
				{"resourceType":"StructureDefinition","id":"test-patient-with-birthdate",
				 "url":"%s","version":"1.0.0","name":"TestPatientWithBirthDate","status":"active",
				 "fhirVersion":"4.0.1","kind":"resource","abstract":false,"type":"Patient",
				 "baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint",
				 "differential":{"element":[{"id":"Patient.birthDate","path":"Patient.birthDate","min":1}]}}"""
				.formatted(PROFILE);
		return write(dir.resolve("test-package.tgz"), Map.of(
				"package/package.json", manifest,
				"package/StructureDefinition-test-patient-with-birthdate.json", profile));
	}

	private static Path write(Path file, Map<String, String> entries) throws IOException {
		try (OutputStream out = Files.newOutputStream(file);
				TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
			for (Map.Entry<String, String> entry : entries.entrySet()) {
				byte[] content = entry.getValue().getBytes(StandardCharsets.UTF_8);
				TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
				tarEntry.setSize(content.length);
				tar.putArchiveEntry(tarEntry);
				tar.write(content);
				tar.closeArchiveEntry();
			}
		}
		return file;
	}
}
