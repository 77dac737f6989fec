package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every client mistake gets a 4xx with an OperationOutcome that names the problem, and no response
 * body ever shows a stack trace, SQL or a Java class name.
 */
class BadInputIT extends FjordServerIT {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			malformed JSON               | application/fhir+json | {"resourceType":"Patient",                                       | 400 | Failed to parse
			malformed XML                | application/fhir+xml  | <Patient xmlns="http://hl7.org/fhir"><name>                      | 400 | Failed to parse
			unknown JSON element         | application/fhir+json | {"resourceType":"Patient","favouriteColour":"blue"}              | 400 | favouriteColour
			unknown XML element          | application/fhir+xml  | <Patient xmlns="http://hl7.org/fhir"><shoeSize value="44"/></Patient> | 400 | shoeSize
			unknown XML attribute        | application/fhir+xml  | <Patient xmlns="http://hl7.org/fhir"><active value="true" colour="red"/></Patient> | 400 | colour
			invalid date                 | application/fhir+json | {"resourceType":"Patient","birthDate":"1985-13-45"}              | 400 | birthDate
			invalid boolean              | application/fhir+json | {"resourceType":"Patient","active":"perhaps"}                    | 400 | active
			wrong resource type          | application/fhir+json | {"resourceType":"Observation","status":"final","code":{"text":"x"}} | 400 | Observation
			not a resource               | application/fhir+json | {"hello":"world"}                                                | 400 | resourceType
			unknown resource type        | application/fhir+json | {"resourceType":"Pasient"}                                       | 400 | Pasient
			""")
	void badBodiesAreRefusedWithAnOperationOutcome(String what, String contentType, String body, int status, String mentions) {
		HttpResponse<String> response = post("Patient", contentType, body);

		assertThat(response.statusCode()).as(what).isEqualTo(status);
		assertCleanOperationOutcome(response);
		assertThat(response.body()).as(what).contains(mentions);
	}

	@Test
	void unknownSearchParameterIsRefused() {
		HttpResponse<String> response = get("Patient?favouriteColour=blue");
		assertThat(response.statusCode()).isEqualTo(400);
		assertCleanOperationOutcome(response);
		assertThat(response.body()).contains("favouriteColour");
	}

	@Test
	void invalidSearchValueIsRefused() {
		HttpResponse<String> response = get("Patient?birthdate=yesterday");
		assertThat(response.statusCode()).isEqualTo(400);
		assertCleanOperationOutcome(response);
	}

	@Test
	void unknownResourceTypeInTheUrlIsNotFound() {
		HttpResponse<String> response = get("Pasient/123");
		assertThat(response.statusCode()).isEqualTo(404);
		assertCleanOperationOutcome(response);
	}

	@Test
	void readingAMissingResourceIsNotFound() {
		HttpResponse<String> response = get("Patient/" + TestResources.unique());
		assertThat(response.statusCode()).isEqualTo(404);
		assertCleanOperationOutcome(response);
	}

	@Test
	void updateWithMismatchedIdIsRefused() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/abc"))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"id\":\"xyz\"}")));
		assertThat(response.statusCode()).isEqualTo(400);
		assertCleanOperationOutcome(response);
	}

	@Test
	void oversizedBodyIsRefusedWith413() {
		String filler = "x".repeat(17 * 1024 * 1024);
		HttpResponse<String> response = post("Patient", "application/fhir+json",
				"{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":\"" + filler + "\"}}");
		assertThat(response.statusCode()).isEqualTo(413);
		assertCleanOperationOutcome(response);
	}

	@Test
	void absurdJsonNestingIsRefused() {
		String nested = "{\"resourceType\":\"Patient\",\"extension\":" + "[{\"url\":\"urn:x\",\"extension\":".repeat(100)
				+ "[]" + "}]".repeat(100) + "}";
		HttpResponse<String> response = post("Patient", "application/fhir+json", nested);
		assertThat(response.statusCode()).isEqualTo(400);
		assertCleanOperationOutcome(response);
		assertThat(response.body()).contains("nests");
	}

	@Test
	void absurdXmlNestingIsRefused() {
		String nested = "<Patient xmlns=\"http://hl7.org/fhir\">" + "<extension url=\"urn:x\">".repeat(100)
				+ "</extension>".repeat(100) + "</Patient>";
		HttpResponse<String> response = post("Patient", "application/fhir+xml", nested);
		assertThat(response.statusCode()).isEqualTo(400);
		assertCleanOperationOutcome(response);
	}

	@Test
	void unsupportedContentTypeIsRefused() {
		HttpResponse<String> response = post("Patient", "text/plain", "Kari Nordmann");
		assertThat(response.statusCode()).isBetween(400, 499);
		assertCleanOperationOutcome(response);
	}

	@Test
	void malformedTransactionIsRefused() {
		HttpResponse<String> response = post("", "application/fhir+json",
				"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertCleanOperationOutcome(response);
	}

	static void assertCleanOperationOutcome(HttpResponse<String> response) {
		assertThat(response.body()).contains("OperationOutcome");
		assertThat(response.body())
				.doesNotContainPattern("\\bat [a-z]+\\.[a-zA-Z.]+\\(")
				.doesNotContainPattern("(?i)\\b(select|insert into|update \\w+ set)\\b .*\\b(from|values)\\b")
				.doesNotContainPattern("\\b(java|jakarta|org\\.hibernate|org\\.springframework|com\\.fasterxml|ca\\.uhn)\\.[a-z]+\\.")
				.doesNotContain("Exception:");
	}
}
