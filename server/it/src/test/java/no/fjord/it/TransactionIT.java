package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** Transactions are atomic and resolve urn:uuid references; batches are not atomic. */
class TransactionIT extends FjordServerIT {

	@Test
	void transactionStoresAllEntriesAndResolvesUrnUuidReferences() {
		String family = TestResources.unique();
		Bundle transaction = patientWithObservation(family, "8867-4");

		Bundle response = client.transaction().withBundle(transaction).execute();

		assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
		assertThat(response.getEntry()).allMatch(e -> e.getResponse().getStatus().startsWith("201"));
		String patientLocation = response.getEntry().get(0).getResponse().getLocation();
		Bundle observations = client.search().byUrl("Observation?subject.family=" + family).returnBundle(Bundle.class).execute();
		assertThat(observations.getEntry()).hasSize(1);
		Observation stored = (Observation) observations.getEntryFirstRep().getResource();
		assertThat(patientLocation).startsWith(stored.getSubject().getReference());
	}

	@Test
	void aFailingEntryRollsTheWholeTransactionBack() {
		String family = TestResources.unique();
		Bundle transaction = patientWithObservation(family, "8867-4");
		// A reference to a resource that does not exist fails referential integrity.
		Observation broken = TestResources.heartRate("Patient/does-not-exist-" + family, 80, "2024-05-01T10:00:00Z");
		transaction.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(broken)
				.getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");

		HttpResponse<String> response = post("", "application/fhir+json", FHIR.newJsonParser().encodeResourceToString(transaction));

		assertThat(response.statusCode()).isBetween(400, 499);
		assertThat(response.body()).contains("OperationOutcome");
		Bundle patients = client.search().byUrl("Patient?family=" + family).returnBundle(Bundle.class).execute();
		assertThat(patients.getEntry()).as("nothing from the failed transaction is stored").isEmpty();
	}

	@Test
	void batchProcessesEntriesIndependently() {
		String family = TestResources.unique();
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(TestResources.patient(family)).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
		batch.addEntry().getRequest().setMethod(HTTPVerb.GET).setUrl("Patient/does-not-exist-" + family);

		Bundle response = client.transaction().withBundle(batch).execute();

		assertThat(response.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
		assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("404");
		assertThat(client.search().byUrl("Patient?family=" + family).returnBundle(Bundle.class).execute().getEntry()).hasSize(1);
	}

	static Bundle patientWithObservation(String family, String loinc) {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String patientUrn = "urn:uuid:" + java.util.UUID.randomUUID();
		Patient patient = TestResources.patient(family);
		transaction.addEntry().setFullUrl(patientUrn).setResource(patient)
				.getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
		Observation observation = TestResources.heartRate(patientUrn, 72, "2024-05-01T10:00:00Z");
		observation.getCode().getCodingFirstRep().setCode(loinc);
		transaction.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(observation)
				.getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");
		return transaction;
	}
}
