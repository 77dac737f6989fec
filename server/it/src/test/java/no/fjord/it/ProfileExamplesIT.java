package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example instances of every Fjord profile ({@code examples/profiles}) against the running server:
 * the valid ones are stored (in one transaction, so their references resolve), and each invalid one is
 * refused with 422 at the locations its {@code .expected.json} names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileExamplesIT extends FjordServerIT {

	private static final Path EXAMPLES = Path.of("..", "..", "examples", "profiles").toAbsolutePath().normalize();
	private static final ObjectMapper JSON = new ObjectMapper();

	@BeforeAll
	void validExamplesAreStored() throws IOException {
		connectClient();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		// Devices and the Group the examples point at, so references resolve.
		for (String device : List.of("blodsukkerapparat-77c1", "blodtrykksmaaler-a1b2c3", "vekt-9f8e7d",
				"pulsoksymeter-33aa01")) {
			put(transaction, (Resource) new Device().setId(device));
		}
		put(transaction, (Resource) new Group().setType(Group.GroupType.PERSON).setActual(false)
				.setId("hjemmeoppfolging-hjertesvikt"));
		for (Path file : examples("valid")) {
			put(transaction, (Resource) FHIR.newJsonParser().parseResource(Files.readString(file)));
		}

		HttpResponse<String> response = post("", "application/fhir+json",
				FHIR.newJsonParser().encodeResourceToString(transaction));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle result = (Bundle) FHIR.newJsonParser().parseResource(response.body());
		assertThat(result.getEntry()).allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).startsWith("201"));
	}

	@Test
	void everyValidExampleWasStored() throws IOException {
		for (Path file : examples("valid")) {
			IBaseResource example = FHIR.newJsonParser().parseResource(Files.readString(file));
			HttpResponse<String> read = get(example.fhirType() + "/" + example.getIdElement().getIdPart());
			assertThat(read.statusCode()).as(file.getFileName().toString()).isEqualTo(200);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidExamples")
	void invalidExamplesAreRefusedWhereExpected(String name) throws IOException {
		Path file = EXAMPLES.resolve("invalid").resolve(name);
		Resource example = (Resource) FHIR.newJsonParser().parseResource(Files.readString(file));
		example.setId((String) null);

		HttpResponse<String> response = post(example.fhirType(), "application/fhir+json",
				FHIR.newJsonParser().encodeResourceToString(example));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		OperationOutcome outcome = (OperationOutcome) FHIR.newJsonParser().parseResource(response.body());
		JsonNode expected = JSON.readTree(EXAMPLES.resolve("invalid")
				.resolve(name.replace(".json", ".expected.json")).toFile());
		for (JsonNode issue : expected) {
			String expression = issue.get("expression").asText();
			String fragment = issue.get("contains").asText();
			assertThat(outcome.getIssue()).as("%s: an error at %s mentioning %s", name, expression, fragment)
					.anySatisfy(actual -> {
						assertThat(actual.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
						assertThat(actual.getExpression()).extracting(e -> e.getValue()).contains(expression);
						assertThat(actual.getDiagnostics()).contains(fragment);
					});
		}
	}

	Stream<String> invalidExamples() throws IOException {
		return examples("invalid").stream().map(file -> file.getFileName().toString());
	}

	private static List<Path> examples(String kind) throws IOException {
		try (Stream<Path> files = Files.list(EXAMPLES.resolve(kind))) {
			return files.filter(file -> file.toString().endsWith(".json") && !file.toString().endsWith(".expected.json"))
					.sorted().toList();
		}
	}

	private static void put(Bundle transaction, Resource resource) {
		String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
		transaction.addEntry().setFullUrl(url).setResource(resource).getRequest().setMethod(HTTPVerb.PUT).setUrl(url);
	}
}
