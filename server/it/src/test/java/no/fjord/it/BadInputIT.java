package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

	@Test
	void aGzipBombIsRefusedWith413() throws Exception {
		// 40 MB of JSON that compresses to about 40 KB
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
			gzip.write("{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":\"".getBytes(StandardCharsets.UTF_8));
			byte[] zeros = "0".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8);
			for (int i = 0; i < 40; i++) {
				gzip.write(zeros);
			}
			gzip.write("\"}}".getBytes(StandardCharsets.UTF_8));
		}
		assertThat(compressed.size()).isLessThan(1024 * 1024);

		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/Patient"))
				.header("Content-Type", "application/fhir+json").header("Content-Encoding", "gzip")
				.POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray())));

		assertThat(response.statusCode()).isEqualTo(413);
		assertCleanOperationOutcome(response);
		assertThat(response.body()).contains("expands to more than");
	}

	@Test
	void aGzipBodyWithinTheLimitIsStored() throws Exception {
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
			gzip.write("{\"resourceType\":\"Basic\",\"code\":{\"text\":\"gzip\"}}".getBytes(StandardCharsets.UTF_8));
		}

		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/Basic"))
				.header("Content-Type", "application/fhir+json").header("Content-Encoding", "gzip")
				.POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray())));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).contains("\"text\":\"gzip\"");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			NUL in a JSON string       | application/fhir+json | {"resourceType":"Basic","code":{"text":"a\\u0000b"}}                               | U+0000
			NUL in an XML string       | application/fhir+xml  | <Basic xmlns="http://hl7.org/fhir"><code><text value="a&#0;b"/></code></Basic>    | OperationOutcome
			duplicate JSON key         | application/fhir+json | {"resourceType":"Basic","code":{"text":"a"},"code":{"text":"b"}}                    | "code\\" appears twice
			duplicate XML element      | application/fhir+xml  | <Basic xmlns="http://hl7.org/fhir"><code><text value="a"/></code><code><text value="b"/></code></Basic> | code
			duplicate XML attribute    | application/fhir+xml  | <Basic xmlns="http://hl7.org/fhir"><code><text value="a" value="b"/></code></Basic> | OperationOutcome
			""")
	void bodiesTheParsersWouldTakeSilentlyAreRefused(String what, String contentType, String body, String mentions) {
		HttpResponse<String> response = post("Basic", contentType, body);

		assertThat(response.statusCode()).as(what).isEqualTo(400);
		assertCleanOperationOutcome(response);
		assertThat(response.body()).as(what).contains(mentions);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			JSON | application/fhir+json | {"resourceType":"Basic","code":{"text":"Å"}}
			XML  | application/fhir+xml  | <Basic xmlns="http://hl7.org/fhir"><code><text value="Å"/></code></Basic>
			""")
	void invalidUtf8IsRefused(String what, String contentType, String body) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/Basic"))
				.header("Content-Type", contentType)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.ISO_8859_1))));

		assertThat(response.statusCode()).as(what).isEqualTo(400);
		assertCleanOperationOutcome(response);
		assertThat(response.body()).as(what).contains("not valid UTF-8");
	}

	@Test
	void aNulInASearchParameterIsRefused() {
		HttpResponse<String> response = get("Patient?name=a%00b");

		assertThat(response.statusCode()).isEqualTo(400);
		assertCleanOperationOutcome(response);
		assertThat(response.body()).contains("U+0000");
	}

	@Test
	void aNulInAFormSearchIsRefused() {
		HttpResponse<String> response = post("Patient/_search", "application/x-www-form-urlencoded", "name=a%00b");

		assertThat(response.statusCode()).isEqualTo(400);
		assertCleanOperationOutcome(response);
		assertThat(response.body()).contains("U+0000");
	}

	@Test
	void tenThousandSearchParametersAreRefusedAtOnce() {
		String values = IntStream.range(0, 10_000).mapToObj(i -> "_id=p" + i).collect(Collectors.joining("&"));
		long started = System.nanoTime();

		HttpResponse<String> response = post("Patient/_search", "application/x-www-form-urlencoded", values);

		assertThat(response.statusCode()).isEqualTo(400);
		assertCleanOperationOutcome(response);
		assertThat(response.body()).contains("at most 1000 are accepted");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void tooManyValuesInTheUrlAreRefused() {
		String values = IntStream.range(0, 1_001).mapToObj(i -> "p" + i).collect(Collectors.joining(","));

		HttpResponse<String> response = get("Patient?_id=" + values);

		assertThat(response.statusCode()).isEqualTo(400);
		assertCleanOperationOutcome(response);
		assertThat(response.body()).contains("1001 parameter values; at most 1000");
	}

	@Test
	void tooManyDifferentParametersAreRefused() {
		String parameters = IntStream.range(0, 101).mapToObj(i -> "p" + i + "=x").collect(Collectors.joining("&"));

		HttpResponse<String> response = get("Patient?" + parameters);

		assertThat(response.statusCode()).isEqualTo(400);
		assertCleanOperationOutcome(response);
		assertThat(response.body()).contains("101 different parameters; at most 100");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requestsTomcatRefuses")
	void requestsTomcatRefusesItselfGetAnOperationOutcome(String what, byte[] request) throws Exception {
		try (RawConnection connection = new RawConnection(port)) {
			RawConnection.Answer answer = connection.send(request).read(Duration.ofSeconds(20));

			assertThat(answer.status()).as(what).isBetween(400, 499);
			assertThat(answer.text()).as(what).containsIgnoringCase("Content-Type: application/fhir+json");
			assertCleanOperationOutcome(answer.body());
			assertThat(answer.body()).as(what).doesNotContainIgnoringCase("<html");
		}
	}

	static Stream<Arguments> requestsTomcatRefuses() {
		String end = " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
		return Stream.of(
				Arguments.of("raw 0xFF in the path", concat("GET /fhir/Patient/".getBytes(StandardCharsets.ISO_8859_1),
						new byte[] {(byte) 0xFF}, end.getBytes(StandardCharsets.ISO_8859_1))),
				Arguments.of("%00 in an id", ("GET /fhir/Patient/a%00b" + end).getBytes(StandardCharsets.ISO_8859_1)),
				Arguments.of("a 20 KB URL", ("GET /fhir/Patient?name=" + "a".repeat(20_000) + end)
						.getBytes(StandardCharsets.ISO_8859_1)),
				Arguments.of("a 20 KB header", ("GET /fhir/Patient HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
						+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)),
				Arguments.of("NUL in a header", ("GET /fhir/Patient HTTP/1.1\r\nHost: localhost\r\nFjord-Emergency-Access: a\0b"
						+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	static void assertCleanOperationOutcome(HttpResponse<String> response) {
		assertCleanOperationOutcome(response.body());
	}

	static void assertCleanOperationOutcome(String body) {
		assertThat(body).contains("OperationOutcome");
		assertThat(body)
				.doesNotContainPattern("\\bat [a-z]+\\.[a-zA-Z.]+\\(")
				.doesNotContainPattern("(?i)\\b(select|insert into|update \\w+ set)\\b .*\\b(from|values)\\b")
				.doesNotContainPattern("\\b(java|jakarta|org\\.hibernate|org\\.springframework|com\\.fasterxml|ca\\.uhn)\\.[a-z]+\\.")
				.doesNotContain("Exception:");
	}
}
