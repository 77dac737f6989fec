package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** PATCH with JSON Patch (RFC 6902) and FHIRPath Patch. */
class PatchIT extends FjordServerIT {

	@Test
	void jsonPatchChangesTheResourceAndMakesANewVersion() {
		IIdType id = created();
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + id.getIdPart()))
				.header("Content-Type", "application/json-patch+json")
				.method("PATCH", HttpRequest.BodyPublishers.ofString(
						"[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"male\"}]")));

		assertThat(response.statusCode()).isEqualTo(200);
		Patient patched = client.read().resource(Patient.class).withId(id).execute();
		assertThat(patched.getGender().toCode()).isEqualTo("male");
		assertThat(patched.getMeta().getVersionId()).isEqualTo("2");
	}

	@Test
	void fhirPathPatchAddsAnElement() {
		IIdType id = created();
		Parameters patch = new Parameters();
		Parameters.ParametersParameterComponent operation = patch.addParameter().setName("operation");
		operation.addPart().setName("type").setValue(new CodeType("add"));
		operation.addPart().setName("path").setValue(new StringType("Patient"));
		operation.addPart().setName("name").setValue(new StringType("birthDate"));
		operation.addPart().setName("value").setValue(new org.hl7.fhir.r4.model.DateType("1990-12-24"));

		client.patch().withFhirPatch(patch).withId(id).execute();

		Patient patched = client.read().resource(Patient.class).withId(id).execute();
		assertThat(patched.getBirthDateElement().getValueAsString()).isEqualTo("1990-12-24");
	}

	@Test
	void aPatchThatBreaksTheResourceIsRefused() {
		IIdType id = created();
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + id.getIdPart()))
				.header("Content-Type", "application/json-patch+json")
				.method("PATCH", HttpRequest.BodyPublishers.ofString(
						"[{\"op\":\"replace\",\"path\":\"/birthDate\",\"value\":\"not-a-date\"}]")));

		assertThat(response.statusCode()).isBetween(400, 499);
		assertThat(response.body()).contains("OperationOutcome");
		assertThat(client.read().resource(Patient.class).withId(id).execute().getMeta().getVersionId()).isEqualTo("1");
	}

	private IIdType created() {
		Patient patient = TestResources.patient(TestResources.unique());
		patient.setBirthDate(null);
		return client.create().resource(patient).execute().getId().toUnqualifiedVersionless();
	}
}
