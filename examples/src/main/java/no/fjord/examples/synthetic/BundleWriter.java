package no.fjord.examples.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * Serialises Bundles to compact FHIR JSON and writes them as {@code patient-00001.json} files.
 */
public final class BundleWriter {

	private final FhirContext fhirContext = FhirContext.forR4Cached();

	public SerializedBundle serialize(int number, Bundle bundle) {
		// parsers are not thread-safe, so one per call; the cached context makes them cheap
		IParser parser = fhirContext.newJsonParser().setPrettyPrint(false);
		return new SerializedBundle(number, parser.encodeResourceToString(bundle), bundle.getEntry().size());
	}

	/** Writes the bundle to {@code directory/patient-NNNNN.json}, UTF-8 with a final newline. */
	public Path write(Path directory, SerializedBundle bundle) throws IOException {
		Path file = directory.resolve(fileName(bundle.number()));
		Files.writeString(file, bundle.json() + "\n", StandardCharsets.UTF_8);
		return file;
	}

	public static String fileName(int number) {
		return String.format(Locale.ROOT, "patient-%05d.json", number);
	}
}
