package no.fjord.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds small FHIR NPM packages (gzipped tar, entries under {@code package/}) for tests. */
final class TestPackages {

	static final String PROFILE_BASE = "https://example.org/fhir/StructureDefinition/";

	private TestPackages() {}

	/**
	 * A package {@code name#1.0.0} with one profile, {@link #PROFILE_BASE}{@code name}: a Patient must
	 * have the given element (e.g. {@code birthDate}).
	 */
	static Path patientRequiring(Path dir, String name, String element) throws IOException {
		String manifest = """
				{"name":"%s","version":"1.0.0","fhirVersions":["4.0.1"],
				 "dependencies":{"hl7.fhir.r4.core":"4.0.1"}}""".formatted(name);
		String profile = """
				{"resourceType":"StructureDefinition","id":"%1$s",
				 "url":"%2$s%1$s","version":"1.0.0","name":"TestPatientProfile","status":"active",
				 "fhirVersion":"4.0.1","kind":"resource","abstract":false,"type":"Patient",
				 "baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint",
				 "differential":{"element":[{"id":"Patient.%3$s","path":"Patient.%3$s","min":1}]}}"""
				.formatted(name, PROFILE_BASE, element);
		return write(dir.resolve(name + ".tgz"), Map.of(
				"package/package.json", manifest,
				"package/StructureDefinition-" + name + ".json", profile));
	}

	/** A package of every file in {@code folder} (which holds its {@code package.json}), as published. */
	static Path of(Path folder, Path file) throws IOException {
		Map<String, String> entries = new TreeMap<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path next : files.filter(Files::isRegularFile).toList()) {
				entries.put("package/" + next.getFileName(), Files.readString(next));
			}
		}
		return write(file, entries);
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
