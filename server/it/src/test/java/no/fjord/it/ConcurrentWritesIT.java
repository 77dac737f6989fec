package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Writes that race each other end as if they had run one after the other: referential integrity
 * holds when a delete and a write referring to the deleted resource meet, and of several updates
 * naming the same version with {@code If-Match}, one wins and the others are told their precondition
 * failed (412), as <a href="https://hl7.org/fhir/R4/http.html#concurrency">FHIR's version-aware
 * updates</a> ask.
 */
class ConcurrentWritesIT extends FjordServerIT {

	private static final int ROUNDS = 16;
	private static final ExecutorService RACERS = Executors.newFixedThreadPool(8);

	@AfterAll
	static void stopRacers() {
		RACERS.shutdownNow();
	}

	@Test
	void deleteRacingATransactionThatRefersToTheTargetNeverLeavesADanglingReference() throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			String family = TestResources.unique();
			String patientId = client.create().resource(TestResources.patient(family)).execute().getId().getIdPart();
			Observation observation = TestResources.heartRate("Patient/" + patientId, 70 + round, "2025-02-01T10:00:00Z");
			observation.addIdentifier().setSystem("urn:fjord:test").setValue(family);
			Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			transaction.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(observation)
					.getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");
			String body = FHIR.newJsonParser().encodeResourceToString(transaction);

			List<HttpResponse<String>> answers = race(
					() -> send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + patientId)).DELETE()),
					() -> post("", "application/fhir+json", body));
			HttpResponse<String> delete = answers.get(0);
			HttpResponse<String> write = answers.get(1);

			assertThat(delete.statusCode()).as("delete, round %d: %s", round, delete.body()).isIn(200, 204, 409);
			assertThat(write.statusCode()).as("transaction, round %d: %s", round, write.body()).isIn(200, 400, 404, 409, 410, 422);
			boolean patientGone = delete.statusCode() != 409;
			boolean observationStored = write.statusCode() == 200;
			assertThat(patientGone && observationStored)
					.as("round %d: the patient was deleted and an observation referring to it was stored", round).isFalse();
			assertThat(patientGone || observationStored).as("round %d: one of the two must have succeeded", round).isTrue();
			int patientRead = get("Patient/" + patientId).statusCode();
			int observationsFound = client.search().byUrl("Observation?identifier=urn:fjord:test|" + family)
					.returnBundle(Bundle.class).execute().getEntry().size();
			assertThat(patientRead).as("round %d: the patient's state matches the answers", round).isEqualTo(patientGone ? 410 : 200);
			assertThat(observationsFound).as("round %d: the observation's state matches the answer", round)
					.isEqualTo(observationStored ? 1 : 0);
			if (!observationStored) {
				BadInputIT.assertCleanOperationOutcome(write);
			} else {
				BadInputIT.assertCleanOperationOutcome(delete);
			}
		}
	}

	@Test
	void concurrentUpdatesOfTheSameVersionHaveOneWinnerAndPreconditionFailuresForTheRest() throws Exception {
		for (int round = 0; round < ROUNDS / 4; round++) {
			String family = TestResources.unique();
			String patientId = client.create().resource(TestResources.patient(family)).execute().getId().getIdPart();
			List<Callable<HttpResponse<String>>> updates = new ArrayList<>();
			for (int writer = 0; writer < 6; writer++) {
				String body = FHIR.newJsonParser().encodeResourceToString(
						TestResources.patient(family).setActive(writer % 2 == 0).setId(patientId));
				updates.add(() -> send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + patientId))
						.header("Content-Type", "application/fhir+json").header("If-Match", "W/\"1\"")
						.PUT(HttpRequest.BodyPublishers.ofString(body))));
			}

			List<HttpResponse<String>> answers = race(updates);

			assertThat(answers).as("round %d", round).filteredOn(answer -> answer.statusCode() == 200).hasSize(1);
			assertThat(answers).as("round %d: the losers' statuses", round)
					.filteredOn(answer -> answer.statusCode() != 200)
					.allSatisfy(answer -> {
						assertThat(answer.statusCode()).as(answer.body()).isEqualTo(412);
						BadInputIT.assertCleanOperationOutcome(answer);
					});
			Bundle history = FHIR.newJsonParser().parseResource(Bundle.class, get("Patient/" + patientId + "/_history").body());
			assertThat(history.getTotal()).as("round %d: one version was added", round).isEqualTo(2);
		}
	}

	@SafeVarargs
	private static List<HttpResponse<String>> race(Callable<HttpResponse<String>>... requests) throws Exception {
		return race(List.of(requests));
	}

	/** Starts every request at the same moment and returns their answers in the order given. */
	private static List<HttpResponse<String>> race(List<Callable<HttpResponse<String>>> requests) throws Exception {
		CyclicBarrier start = new CyclicBarrier(requests.size());
		List<Future<HttpResponse<String>>> running = new ArrayList<>();
		for (Callable<HttpResponse<String>> request : requests) {
			running.add(RACERS.submit(() -> {
				start.await(30, TimeUnit.SECONDS);
				return request.call();
			}));
		}
		List<HttpResponse<String>> answers = new ArrayList<>();
		for (Future<HttpResponse<String>> answer : running) {
			answers.add(answer.get(90, TimeUnit.SECONDS));
		}
		return answers;
	}
}
