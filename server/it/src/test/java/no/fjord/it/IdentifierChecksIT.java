package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * Norwegian national identifiers are checked on every write path: a wrong fødselsnummer or
 * organisasjonsnummer is refused with 422 and the FHIRPath of each bad value, and nothing is stored.
 */
class IdentifierChecksIT extends FjordServerIT {

	private static final String ORGNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.101";

	@Test
	void aValidFodselsnummerIsAccepted() {
		Patient patient = TestResources.patient(TestResources.unique());
		patient.addIdentifier().setSystem(TestResources.FNR_SYSTEM).setValue(TestResources.fodselsnummer());

		assertThat(client.create().resource(patient).execute().getCreated()).isTrue();
	}

	@Test
	void createWithABrokenFodselsnummerIsRefusedWithTheLocation() {
		String family = TestResources.unique();
		Patient patient = TestResources.patient(family);
		patient.addIdentifier().setSystem(TestResources.FNR_SYSTEM).setValue(broken(TestResources.fodselsnummer()));

		HttpResponse<String> response = post("Patient", "application/fhir+json", json(patient));

		assertThat(response.statusCode()).isEqualTo(422);
		OperationOutcome outcome = (OperationOutcome) FHIR.newJsonParser().parseResource(response.body());
		assertThat(outcome.getIssueFirstRep().getExpression()).extracting(e -> e.getValue())
				.containsExactly("Patient.identifier[1].value");
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("check digit");
		assertThat(search("Patient?family=" + family).getEntry()).isEmpty();
	}

	@Test
	void aTransactionWithOneBrokenOrganisasjonsnummerIsRolledBackWhole() {
		String family = TestResources.unique();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
				.setResource(TestResources.patient(family)).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
		Organization organization = new Organization().setName("Legekontoret " + family);
		organization.addIdentifier().setSystem(ORGNR_SYSTEM).setValue("974760674");
		transaction.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
				.setResource(organization).getRequest().setMethod(HTTPVerb.POST).setUrl("Organization");

		HttpResponse<String> response = post("", "application/fhir+json", json(transaction));

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.body()).contains("Organization.identifier[0].value").contains("organisasjonsnummer");
		assertThat(search("Patient?family=" + family).getEntry()).as("the valid entry is rolled back too").isEmpty();
	}

	@Test
	void updateAndPatchCannotIntroduceABrokenNumber() {
		Patient patient = TestResources.patient(TestResources.unique());
		IIdType id = client.create().resource(patient).execute().getId().toUnqualifiedVersionless();

		patient.setId(id);
		patient.addIdentifier().setSystem(TestResources.FNR_SYSTEM).setValue(broken(TestResources.fodselsnummer()));
		HttpResponse<String> update = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + id.getIdPart()))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(json(patient))));
		assertThat(update.statusCode()).isEqualTo(422);

		String patch = "[{\"op\":\"add\",\"path\":\"/identifier/-\",\"value\":{\"system\":\"" + TestResources.FNR_SYSTEM
				+ "\",\"value\":\"" + broken(TestResources.fodselsnummer()) + "\"}}]";
		HttpResponse<String> patched = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + id.getIdPart()))
				.header("Content-Type", "application/json-patch+json")
				.method("PATCH", HttpRequest.BodyPublishers.ofString(patch)));
		assertThat(patched.statusCode()).isEqualTo(422);

		assertThat(client.read().resource(Patient.class).withId(id).execute().getMeta().getVersionId()).isEqualTo("1");
	}

	/** The same number with its last check digit changed, so it no longer validates. */
	private static String broken(String fodselsnummer) {
		char last = fodselsnummer.charAt(10);
		return fodselsnummer.substring(0, 10) + (last == '9' ? '0' : (char) (last + 1));
	}

	private static String json(org.hl7.fhir.instance.model.api.IBaseResource resource) {
		return FHIR.newJsonParser().encodeResourceToString(resource);
	}

	private Bundle search(String url) {
		return client.search().byUrl(url).returnBundle(Bundle.class).execute();
	}
}
