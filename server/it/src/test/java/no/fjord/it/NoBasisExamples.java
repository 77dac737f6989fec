package no.fjord.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HL7 Norway's published no-basis 2.2.0 examples (test resources {@code no-basis-2.2.0/examples}), in an
 * order in which those that point at each other are written after what they point at, and the reason
 * each genuinely invalid one is refused. {@code server/profiles/README.md} lists the same exceptions.
 */
final class NoBasisExamples {

	static final Path FOLDER = resource("no-basis-2.2.0");

	/** Every example, the Patient before the Appointment that names it, the Appointment before its response. */
	static final List<String> IN_WRITE_ORDER = List.of(
			"Patient-e70f0ba2-44d8-4f14-9c3a-ff4c6ead7473.json",
			"no-basis-Appointment-example.json",
			"no-basis-AppointmentResponse-example.json",
			"no-basis-Organization-example.json",
			"no-basis-Practitioner-example.json",
			"no-basis-Patient-Jannice-Soereng.json",
			"no-basis-RelatedPerson-Aerlend-Soergaard.json",
			"no-basis-RelatedPerson-Aerlend-Soergaard-person-extension.json",
			"no-basis-RelatedPerson-Solid-aeresdoktor.json",
			"no-basis-Patient-Espen-Eksempel.json",
			"no-basis-HealthcareService-example.json",
			"no-basis-Procedure-example.json",
			"Vital-signs-weight.json",
			"Vital-signs-weight-v2.json");

	/** Why an example is refused: the FHIRPath of an error {@code $validate} reports and a fragment of its text. */
	record Invalid(String expression, String diagnostics) {}

	/** Examples whose content is wrong: {@code $validate} reports these errors, and a write is refused. */
	static final Map<String, List<Invalid>> INVALID_CONTENT = Map.of(
			"no-basis-Patient-Espen-Eksempel.json",
			List.of(new Invalid("Patient.identifier[0].value", "is not a valid fødselsnummer"),
					new Invalid("Patient.identifier[0].value", "fjord-patient-1")),
			"no-basis-HealthcareService-example.json",
			List.of(new Invalid("HealthcareService.id", "Invalid Resource id"),
					new Invalid("HealthcareService.providedBy.identifier.value", "organisasjonsnummer")));

	/**
	 * Examples whose content is valid but that point at resources that are not there: the write is refused,
	 * naming the reference (Procedure: Patient/example or Practitioner/example, whichever HAPI checks first).
	 */
	static final Map<String, String> MISSING_REFERENCES = Map.of(
			"no-basis-Procedure-example.json", "/example",
			"Vital-signs-weight.json", "Patient/592410",
			"Vital-signs-weight-v2.json", "Patient/592410");

	private NoBasisExamples() {}

	static String read(String name) {
		try {
			return Files.readString(FOLDER.resolve("examples").resolve(name));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static Optional<String> missingReference(String name) {
		return Optional.ofNullable(MISSING_REFERENCES.get(name));
	}

	private static Path resource(String name) {
		try {
			return Path.of(NoBasisExamples.class.getClassLoader().getResource(name).toURI());
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}
}
