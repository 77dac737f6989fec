package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Patient/$everything and Bulk Data $export (system, Patient and Group level) with status polling. */
class EverythingAndExportIT extends FjordServerIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	private String family;
	private IIdType patientId;

	@BeforeEach
	void patientWithObservations() {
		family = TestResources.unique();
		patientId = client.create().resource(TestResources.patient(family)).execute().getId().toUnqualifiedVersionless();
		client.create().resource(TestResources.heartRate(patientId.getValue(), 61, "2024-02-01T08:00:00Z")).execute();
		client.create().resource(TestResources.heartRate(patientId.getValue(), 62, "2024-02-02T08:00:00Z")).execute();
	}

	@Test
	void everythingReturnsThePatientAndTheirRecord() {
		Bundle everything = client.operation().onInstance(patientId).named("$everything")
				.withNoParameters(Parameters.class).returnResourceType(Bundle.class).execute();

		assertThat(everything.getEntry()).extracting(e -> e.getResource().fhirType())
				.containsExactlyInAnyOrder("Patient", "Observation", "Observation");
	}

	@Test
	void systemExportProducesNdjsonWithTheStoredResources() {
		List<String> lines = export("$export?_type=Patient,Observation");

		assertThat(lines).anyMatch(line -> line.contains(family) && line.contains("\"resourceType\":\"Patient\""));
		assertThat(lines).filteredOn(line -> line.contains(patientId.getIdPart()) && line.contains("Observation")).hasSize(2);
	}

	@Test
	void groupExportContainsOnlyTheMembersData() {
		String outsider = TestResources.unique();
		client.create().resource(TestResources.patient(outsider)).execute();
		Group group = new Group();
		group.setType(Group.GroupType.PERSON).setActual(true);
		group.addMember().setEntity(new Reference(patientId));
		IIdType groupId = client.create().resource(group).execute().getId().toUnqualifiedVersionless();

		List<String> lines = export("Group/" + groupId.getIdPart() + "/$export?_type=Patient,Observation");

		assertThat(lines).filteredOn(line -> line.contains("\"resourceType\":\"Patient\"")).hasSize(1)
				.allMatch(line -> line.contains(family));
		assertThat(lines).filteredOn(line -> line.contains("\"resourceType\":\"Observation\"")).hasSize(2);
	}

	@Test
	void patientExportCoversPatientCompartments() {
		List<String> lines = export("Patient/$export?_type=Patient,Observation");

		assertThat(lines).anyMatch(line -> line.contains(family));
		assertThat(lines).filteredOn(line -> line.contains(patientId.getIdPart()) && line.contains("Observation")).hasSize(2);
	}

	@Test
	void kickOffWithoutPreferRespondAsyncIsRefused() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/$export")).GET());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("OperationOutcome");
	}

	/** Kicks off an export, polls until the manifest is ready and returns every NDJSON line of every file. */
	private List<String> export(String kickOff) {
		HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(base() + "/" + kickOff))
				.header("Prefer", "respond-async").header("Accept", "application/fhir+json").GET());
		assertThat(accepted.statusCode()).isEqualTo(202);
		String status = accepted.headers().firstValue("Content-Location").orElseThrow();

		JsonNode manifest = pollManifest(status);
		assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
		List<String> lines = new ArrayList<>();
		for (JsonNode output : manifest.get("output")) {
			lines.addAll(download(output.get("url").asText()));
		}
		return lines;
	}

	private JsonNode pollManifest(String statusUrl) {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			HttpResponse<String> poll = send(HttpRequest.newBuilder(URI.create(statusUrl)).GET());
			if (poll.statusCode() == 200) {
				try {
					return JSON.readTree(poll.body());
				} catch (java.io.IOException e) {
					throw new AssertionError("manifest is not JSON: " + poll.body(), e);
				}
			}
			assertThat(poll.statusCode()).as("export status").isEqualTo(202);
			sleep();
		}
		throw new AssertionError("export did not complete within 3 minutes");
	}

	private List<String> download(String url) {
		HttpResponse<String> file = send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json").GET());
		assertThat(file.statusCode()).isEqualTo(200);
		String ndjson = file.body();
		if (ndjson.startsWith("{\"resourceType\":\"Binary\"")) {
			Binary binary = (Binary) FHIR.newJsonParser().parseResource(file.body());
			ndjson = new String(Base64.getDecoder().decode(binary.getDataElement().getValueAsString()), StandardCharsets.UTF_8);
		}
		return ndjson.lines().filter(line -> !line.isBlank()).toList();
	}

	private static void sleep() {
		try {
			Thread.sleep(500);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}
}
