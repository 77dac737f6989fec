package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;

/**
 * Writes are validated against the profiles they claim and the profiles required for their type
 * (Fjord's Patient, Practitioner and Organization by default): failures are 422 with every issue and
 * its location, and a failing transaction entry rolls the whole transaction back.
 */
class ProfileValidationIT extends FjordServerIT {

	private static final String FJORD_PATIENT = "https://fjord-fhir.no/fhir/StructureDefinition/fjord-patient";

	@Test
	void aPatientMeetingFjordsProfileIsStored() {
		Patient patient = TestResources.patient(TestResources.unique());
		patient.addIdentifier().setSystem(TestResources.FNR_SYSTEM).setValue(TestResources.fodselsnummer());
		patient.getMeta().addProfile(FJORD_PATIENT);

		assertThat(client.create().resource(patient).execute().getCreated()).isTrue();
	}

	@Test
	void aPatientWithANamelessNameBreaksTheRequiredProfileEvenWhenItClaimsNone() {
		String family = TestResources.unique();
		Patient patient = TestResources.patient(family);
		// fjord-patient-5: every name needs a family name or a text
		patient.addName().addGiven("Ola");

		HttpResponse<String> response = post("Patient", "application/fhir+json", json(patient));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		OperationOutcome outcome = (OperationOutcome) FHIR.newJsonParser().parseResource(response.body());
		assertThat(outcome.getIssue())
				.filteredOn(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
				.isNotEmpty()
				.allSatisfy(issue -> assertThat(issue.getExpression()).isNotEmpty())
				.anySatisfy(issue -> assertThat(issue.getExpression().get(0).getValue()).startsWith("Patient"));
		assertThat(response.body()).contains("fjord-patient-5");
		assertThat(search("Patient?family=" + family).getEntry()).isEmpty();
	}

	@Test
	void aResourceClaimingAnUnknownProfileIsRefused() {
		Practitioner practitioner = new Practitioner();
		practitioner.addIdentifier().setSystem("urn:oid:2.16.578.1.12.4.1.4.4").setValue("9144889");
		practitioner.addName().setFamily(TestResources.unique());
		practitioner.getMeta().addProfile("https://example.org/fhir/StructureDefinition/no-such-profile");

		HttpResponse<String> response = post("Practitioner", "application/fhir+json", json(practitioner));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertThat(response.body()).contains("no-such-profile");
	}

	@Test
	void aTransactionWithOneInvalidPatientIsRolledBackWhole() {
		String family = TestResources.unique();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
				.setResource(TestResources.patient(family)).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
		Patient invalid = TestResources.patient(family);
		invalid.addName().addGiven("Ola");
		transaction.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
				.setResource(invalid).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");

		HttpResponse<String> response = post("", "application/fhir+json", json(transaction));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertThat(search("Patient?family=" + family).getEntry()).isEmpty();
	}

	@Test
	void warningsDoNotBlockAWrite() {
		// No narrative (dom-6) is a best-practice warning only.
		Patient patient = TestResources.patient(TestResources.unique());
		patient.setText(null);
		assertThat(client.create().resource(patient).execute().getCreated()).isTrue();
	}

	@Test
	void validateOperationReportsWhatAWriteWouldBeRefusedFor() {
		Patient patient = TestResources.patient(TestResources.unique());
		patient.getIdentifier().clear();
		patient.addIdentifier().setSystem(TestResources.FNR_SYSTEM).setValue("14038510071");
		org.hl7.fhir.r4.model.Parameters input = new org.hl7.fhir.r4.model.Parameters();
		input.addParameter().setName("resource").setResource(patient);

		HttpResponse<String> validated = post("Patient/$validate", "application/fhir+json", json(input));
		HttpResponse<String> written = post("Patient", "application/fhir+json", json(patient));

		assertThat(validated.statusCode()).isEqualTo(200);
		assertThat(written.statusCode()).isEqualTo(422);
		OperationOutcome outcome = (OperationOutcome) FHIR.newJsonParser().parseResource(validated.body());
		assertThat(outcome.getIssue())
				.filteredOn(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
				.anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("fødselsnummer")
						.contains("check digit"));
	}

	/** The resource as the body and {@code profile}/{@code mode} as URL parameters, or all in a Parameters body. */
	@Test
	void validateOperationHonoursTheProfileParameter() {
		String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":"
				+ "[{\"system\":\"http://loinc.org\",\"code\":\"29463-7\"}]}}";

		HttpResponse<String> withProfile = post("Observation/$validate?mode=create&profile="
				+ "https://fjord-fhir.no/fhir/StructureDefinition/fjord-home-measurement", "application/fhir+json", observation);
		HttpResponse<String> withoutProfile = post("Observation/$validate?mode=create", "application/fhir+json", observation);

		assertThat(withProfile.statusCode()).isEqualTo(200);
		assertThat(errors(withProfile)).anySatisfy(d -> assertThat(d).contains("Observation.device"))
				.anySatisfy(d -> assertThat(d).contains("Observation.subject"));
		assertThat(errors(withoutProfile)).as("plain R4 has no such rules").isEmpty();

		String parameters = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":"
				+ observation + "},{\"name\":\"mode\",\"valueCode\":\"create\"},{\"name\":\"profile\","
				+ "\"valueCanonical\":\"https://fjord-fhir.no/fhir/StructureDefinition/fjord-home-measurement\"}]}";
		HttpResponse<String> wrapped = post("Observation/$validate", "application/fhir+json", parameters);
		assertThat(wrapped.statusCode()).isEqualTo(200);
		assertThat(errors(wrapped)).as(wrapped.body()).anySatisfy(d -> assertThat(d).contains("Observation.device"))
				.noneSatisfy(d -> assertThat(d).contains("Parameters"));
	}

	private static java.util.List<String> errors(HttpResponse<String> response) {
		OperationOutcome outcome = (OperationOutcome) FHIR.newJsonParser().parseResource(response.body());
		return outcome.getIssue().stream()
				.filter(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
				.map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics).toList();
	}

	private static String json(org.hl7.fhir.instance.model.api.IBaseResource resource) {
		return FHIR.newJsonParser().encodeResourceToString(resource);
	}

	private Bundle search(String url) {
		return client.search().byUrl(url).returnBundle(Bundle.class).execute();
	}
}
