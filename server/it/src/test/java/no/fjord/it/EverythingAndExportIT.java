package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Patient/$everything and Bulk Data $export (system, Patient and Group level) with status polling. */
class EverythingAndExportIT extends FjordServerIT {

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

	private List<String> export(String kickOff) {
		return new TestExports(base(), this::send).export(kickOff);
	}
}
