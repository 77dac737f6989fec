package no.fjord.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/** Terminology files for tests: the samples shipped in {@code terminology/samples}, and requests to load them. */
final class TestTerminology {

	static final String ICD_10_NO = "http://hl7.org/fhir/sid/icd-10-no";
	static final String ICPC_2 = "http://hl7.org/fhir/sid/icpc-2";
	static final String KOMMUNENUMMER = "urn:oid:2.16.578.1.12.4.1.1.3402";
	static final String ICPC2_ICD10_MAP = "https://fjord-fhir.no/fhir/ConceptMap/icpc2-icd10";
	static final Path SAMPLES = Path.of("..", "..", "terminology", "samples");

	private TestTerminology() {}

	static byte[] sample(String name) {
		try {
			return Files.readAllBytes(SAMPLES.resolve(name));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A sample distribution directory (LOINC, SNOMED CT) as the zip its publisher would ship. */
	static byte[] zippedSample(String directory) {
		Path root = SAMPLES.resolve(directory);
		var bytes = new java.io.ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
				zip.putNextEntry(new ZipEntry(root.relativize(file).toString().replace('\\', '/')));
				zip.write(Files.readAllBytes(file));
				zip.closeEntry();
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	static Parameters loadRequest(String kind, String url, String version, String fileName, byte[] data) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("kind").setValue(new CodeType(kind));
		if (url != null) {
			parameters.addParameter().setName("url").setValue(new UriType(url));
		}
		if (version != null) {
			parameters.addParameter().setName("version").setValue(new StringType(version));
		}
		parameters.addParameter().setName("file").setValue(new Attachment().setTitle(fileName).setData(data));
		return parameters;
	}
}
