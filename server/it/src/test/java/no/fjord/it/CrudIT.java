package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PreferReturnEnum;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** Create, read, vread, update, delete, conditional interactions, versioning and history. */
class CrudIT extends FjordServerIT {

	@Test
	void createThenReadReturnsTheStoredResourceWithAServerAssignedUuid() {
		String family = TestResources.unique();
		MethodOutcome created = client.create().resource(TestResources.patient(family)).execute();

		assertThat(created.getCreated()).isTrue();
		IIdType id = created.getId().toUnqualifiedVersionless();
		assertThat(id.getIdPart()).matches("[0-9a-f-]{36}");
		Patient read = client.read().resource(Patient.class).withId(id).execute();
		assertThat(read.getNameFirstRep().getFamily()).isEqualTo(family);
		assertThat(read.getMeta().getVersionId()).isEqualTo("1");
	}

	@Test
	void aClientMayChooseTheIdWithPutNumericOnesIncluded() {
		String numeric = String.valueOf(System.nanoTime());
		Patient patient = TestResources.patient(TestResources.unique());
		patient.setId("Patient/" + numeric);

		MethodOutcome created = client.update().resource(patient).execute();

		assertThat(created.getCreated()).isTrue();
		assertThat(client.read().resource(Patient.class).withId(numeric).execute().getIdElement().getIdPart())
				.isEqualTo(numeric);
	}

	@Test
	void updateMakesANewVersionAndVreadReturnsTheOldOne() {
		String family = TestResources.unique();
		IIdType id = client.create().resource(TestResources.patient(family)).execute().getId().toUnqualifiedVersionless();
		Patient changed = TestResources.patient(family + "x");
		changed.setId(id);
		MethodOutcome updated = client.update().resource(changed).execute();

		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
		Patient first = client.read().resource(Patient.class).withId(id.withVersion("1")).execute();
		assertThat(first.getNameFirstRep().getFamily()).isEqualTo(family);
		Patient current = client.read().resource(Patient.class).withId(id).execute();
		assertThat(current.getNameFirstRep().getFamily()).isEqualTo(family + "x");
	}

	@Test
	void updateWithStaleIfMatchIsRefusedWith412() {
		IIdType id = client.create().resource(TestResources.patient(TestResources.unique())).execute().getId();
		Patient changed = TestResources.patient(TestResources.unique());
		changed.setId(id.toUnqualifiedVersionless());
		client.update().resource(changed).execute();

		changed.setActive(true);
		changed.setId(id.toUnqualifiedVersionless().withVersion("1"));
		HttpResponse<String> stale = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + id.getIdPart()))
				.header("Content-Type", "application/fhir+json")
				.header("If-Match", "W/\"1\"")
				.PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(changed))));
		assertThat(stale.statusCode()).isEqualTo(412);
		assertThat(stale.body()).contains("OperationOutcome");

		HttpResponse<String> current = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + id.getIdPart()))
				.header("Content-Type", "application/fhir+json")
				.header("If-Match", "W/\"2\"")
				.PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(changed))));
		assertThat(current.statusCode()).isEqualTo(200);
		assertThat(current.headers().firstValue("ETag")).hasValue("W/\"3\"");
	}

	@Test
	void readAnswersWithAnETagAndHonoursIfNoneMatch() {
		IIdType id = client.create().resource(TestResources.patient(TestResources.unique())).execute().getId();
		HttpResponse<String> read = get("Patient/" + id.getIdPart());
		assertThat(read.headers().firstValue("ETag")).hasValue("W/\"1\"");

		HttpResponse<String> notModified = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + id.getIdPart()))
				.header("If-None-Match", "W/\"1\"").GET());
		assertThat(notModified.statusCode()).isEqualTo(304);
	}

	@Test
	void deleteMakesTheResourceGoneAndLeavesItsHistory() {
		IIdType id = client.create().resource(TestResources.patient(TestResources.unique())).execute().getId()
				.toUnqualifiedVersionless();
		client.delete().resourceById(id).execute();

		assertThatThrownBy(() -> client.read().resource(Patient.class).withId(id).execute())
				.isInstanceOf(ResourceGoneException.class);
		Bundle history = client.history().onInstance(id).returnBundle(Bundle.class).execute();
		assertThat(history.getEntry()).hasSize(2);
	}

	@Test
	void deletingAReferencedResourceIsRefusedWith409() {
		IIdType patient = client.create().resource(TestResources.patient(TestResources.unique())).execute().getId()
				.toUnqualifiedVersionless();
		client.create().resource(TestResources.heartRate(patient.getValue(), 70, "2024-01-01T10:00:00Z")).execute();

		assertThatThrownBy(() -> client.delete().resourceById(patient).execute())
				.isInstanceOf(ResourceVersionConflictException.class);
		assertThat(client.read().resource(Patient.class).withId(patient).execute()).isNotNull();
	}

	@Test
	void conditionalCreateReturnsTheExistingResourceInsteadOfADuplicate() {
		String family = TestResources.unique();
		Patient patient = TestResources.patient(family);
		MethodOutcome first = client.create().resource(patient).conditionalByUrl("Patient?identifier=urn:fjord:test|" + family).execute();
		MethodOutcome second = client.create().resource(patient).conditionalByUrl("Patient?identifier=urn:fjord:test|" + family).execute();

		assertThat(first.getCreated()).isTrue();
		assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
		assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
	}

	@Test
	void conditionalUpdateCreatesThenUpdatesTheMatchingResource() {
		String family = TestResources.unique();
		String match = "Patient?identifier=urn:fjord:test|" + family;
		MethodOutcome created = client.update().resource(TestResources.patient(family)).conditionalByUrl(match).execute();
		Patient changed = TestResources.patient(family);
		changed.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE);
		MethodOutcome updated = client.update().resource(changed).conditionalByUrl(match).execute();

		assertThat(created.getCreated()).isTrue();
		assertThat(updated.getId().getIdPart()).isEqualTo(created.getId().getIdPart());
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
	}

	@Test
	void conditionalDeleteRemovesTheMatchAndRefusesAmbiguousCriteria() {
		String shared = TestResources.unique();
		Patient a = TestResources.patient(shared);
		Patient b = TestResources.patient(shared);
		IIdType idA = client.create().resource(a).execute().getId().toUnqualifiedVersionless();
		client.create().resource(b).execute();

		assertThatThrownBy(() -> client.delete().resourceConditionalByUrl("Patient?family=" + shared).execute())
				.isInstanceOf(PreconditionFailedException.class);

		client.delete().resourceById(idA).execute();
		client.delete().resourceConditionalByUrl("Patient?family=" + shared).execute();
		Bundle left = client.search().byUrl("Patient?family=" + shared).returnBundle(Bundle.class).execute();
		assertThat(left.getEntry()).isEmpty();
	}

	@Test
	void historyIsAvailableForInstanceTypeAndSystem() {
		String family = TestResources.unique();
		IIdType id = client.create().resource(TestResources.patient(family)).execute().getId().toUnqualifiedVersionless();
		Patient changed = TestResources.patient(family);
		changed.setActive(true);
		changed.setId(id);
		client.update().resource(changed).execute();

		assertThat(client.history().onInstance(id).returnBundle(Bundle.class).execute().getEntry()).hasSize(2);
		Bundle type = client.history().onType(Patient.class).returnBundle(Bundle.class).count(500).execute();
		assertThat(type.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(id.getIdPart());
		Bundle system = client.history().onServer().returnBundle(Bundle.class).count(5).execute();
		assertThat(system.getType()).isEqualTo(Bundle.BundleType.HISTORY);
		assertThat(system.getEntry()).isNotEmpty();
	}

	@Test
	void preferHeaderChoosesWhatACreateReturns() {
		MethodOutcome minimal = client.create().resource(TestResources.patient(TestResources.unique()))
				.prefer(PreferReturnEnum.MINIMAL).execute();
		assertThat(minimal.getResource()).isNull();
		assertThat(minimal.getId()).isNotNull();

		MethodOutcome outcome = client.create().resource(TestResources.patient(TestResources.unique()))
				.prefer(PreferReturnEnum.OPERATION_OUTCOME).execute();
		assertThat(outcome.getOperationOutcome()).isInstanceOf(OperationOutcome.class);

		MethodOutcome representation = client.create().resource(TestResources.patient(TestResources.unique()))
				.prefer(PreferReturnEnum.REPRESENTATION).execute();
		assertThat(representation.getResource()).isInstanceOf(Patient.class);
	}

	@Test
	void xmlIsAcceptedAndReturned() {
		String family = TestResources.unique();
		String xml = FHIR.newXmlParser().encodeResourceToString(TestResources.patient(family));
		HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base() + "/Patient"))
				.header("Content-Type", "application/fhir+xml")
				.header("Accept", "application/fhir+xml")
				.POST(HttpRequest.BodyPublishers.ofString(xml)));
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.body()).startsWith("<Patient").contains(family);
	}

	@Test
	void xmlSchemaLocationIsToleratedAsPublishedExamplesCarryIt() {
		String family = TestResources.unique();
		String xml = "<Patient xmlns=\"http://hl7.org/fhir\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
				+ " xsi:schemaLocation=\"http://hl7.org/fhir ../../schema/patient.xsd\"><name><family value=\""
				+ family + "\"/></name></Patient>";
		HttpResponse<String> created = post("Patient", "application/fhir+xml", xml);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	@Test
	void metaOperationsReadAndAddTags() {
		IIdType id = client.create().resource(TestResources.patient(TestResources.unique())).execute().getId()
				.toUnqualifiedVersionless();
		Meta tags = new Meta();
		tags.addTag("urn:fjord:test-tags", "reviewed", "Reviewed");
		client.meta().add().onResource(id).meta(tags).execute();

		Meta meta = client.meta().get(Meta.class).fromResource(id).execute();
		assertThat(meta.getTag()).anyMatch(t -> "reviewed".equals(t.getCode()));
	}

	@Test
	void validateOperationReportsErrorsWithoutStoring() {
		// A contact with neither details nor an organisation breaks invariant pat-1.
		String family = TestResources.unique();
		String input = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":"
				+ "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}],"
				+ "\"contact\":[{\"gender\":\"male\"}]}}]}";
		HttpResponse<String> response = post("Patient/$validate", "application/fhir+json", input);

		// The specification's $validate answers 200 whenever validation ran; the issues tell the result.
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		OperationOutcome outcome = (OperationOutcome) FHIR.newJsonParser().parseResource(response.body());
		assertThat(outcome.getIssue()).anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
				&& i.getDiagnostics().contains("pat-1"));
		assertThat(client.search().byUrl("Patient?family=" + family).returnBundle(Bundle.class).execute().getEntry())
				.isEmpty();

		Parameters valid = new Parameters();
		valid.addParameter().setName("resource").setResource(TestResources.patient(TestResources.unique()));
		HttpResponse<String> ok = post("Patient/$validate", "application/fhir+json",
				FHIR.newJsonParser().encodeResourceToString(valid));
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.body()).doesNotContain("\"severity\":\"error\"");
	}
}
