package no.fjord.it;

import static no.fjord.it.TestSubscriptions.BACKPORT;
import static no.fjord.it.TestSubscriptions.SECRET;
import static no.fjord.it.TestSubscriptions.SECRET_EXTENSION;
import static no.fjord.it.TestSubscriptions.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each topic Fjord ships fires on the changes it names and on no others, with the focus and interaction
 * in the notification Bundle (Backport IG, payload {@code id-only}).
 */
class SubscriptionTopicsIT extends FjordServerIT {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
	private static final Duration QUIET = Duration.ofSeconds(2);

	private static TestReceiver receiver;

	/** One notification, as a receiver reads it: which topic, which resource, which interaction. */
	private record Event(String path, String type, String focus, String method) {
	}

	@BeforeAll
	static void startReceiver() throws Exception {
		receiver = new TestReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void videoAppointmentTopicsTellBookedMovedAndCancelledApart() {
		String patient = patient("video");
		String doctor = "lege-video-" + RUN;
		client.update().resource(SecurityFixtures.practitioner(doctor)).execute();
		for (String topic : List.of("video-appointment-booked", "video-appointment-changed", "video-appointment-cancelled")) {
			subscribe(topic, "Appointment?patient=Patient/" + patient);
		}
		awaitHandshakes(3);

		Appointment appointment = videoAppointment(patient, doctor);
		String id = client.create().resource(appointment).execute().getId().getIdPart();
		assertThat(events()).containsExactly(new Event("/video-appointment-booked", "event-notification",
				"Appointment/" + id, "POST"));

		appointment.setId(id);
		appointment.setStart(java.sql.Timestamp.valueOf("2026-12-10 10:00:00"));
		appointment.setEnd(java.sql.Timestamp.valueOf("2026-12-10 10:20:00"));
		client.update().resource(appointment).execute();
		assertThat(events()).containsExactly(new Event("/video-appointment-changed", "event-notification",
				"Appointment/" + id, "PUT"));

		appointment.setStatus(Appointment.AppointmentStatus.CANCELLED);
		appointment.setCancelationReason(new org.hl7.fhir.r4.model.CodeableConcept().setText("Pasienten er frisk"));
		client.update().resource(appointment).execute();
		assertThat(events()).containsExactly(new Event("/video-appointment-cancelled", "event-notification",
				"Appointment/" + id, "PUT"));

		Appointment other = videoAppointment(patient, doctor);
		String removed = client.create().resource(other).execute().getId().getIdPart();
		events();
		client.delete().resourceById("Appointment", removed).execute();
		assertThat(events()).containsExactly(new Event("/video-appointment-cancelled", "event-notification",
				"Appointment/" + removed, "DELETE"));
	}

	@Test
	void encounterTopicsFireWhenItStartsAndFinishesNotOnEveryUpdate() {
		String patient = patient("innleggelse");
		subscribe("encounter-started", "Encounter?patient=Patient/" + patient);
		subscribe("encounter-finished", "Encounter?patient=Patient/" + patient);
		awaitHandshakes(2);

		Encounter encounter = new Encounter();
		encounter.setStatus(Encounter.EncounterStatus.PLANNED);
		encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
		encounter.setSubject(new Reference("Patient/" + patient));
		String id = client.create().resource(encounter).execute().getId().getIdPart();
		assertThat(events()).as("planned is neither").isEmpty();

		encounter.setId(id);
		encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
		client.update().resource(encounter).execute();
		assertThat(events()).containsExactly(new Event("/encounter-started", "event-notification", "Encounter/" + id, "PUT"));

		encounter.addReasonCode().setText("Brystsmerter");
		client.update().resource(encounter).execute();
		assertThat(events()).as("still in progress: it did not start again").isEmpty();

		encounter.setStatus(Encounter.EncounterStatus.FINISHED);
		client.update().resource(encounter).execute();
		assertThat(events()).containsExactly(new Event("/encounter-finished", "event-notification", "Encounter/" + id, "PUT"));
	}

	@Test
	void labResultFinalFiresOnceForObservationsAndReports() {
		String patient = patient("lab");
		subscribe("lab-result-final", "Observation?patient=Patient/" + patient, "DiagnosticReport?patient=Patient/" + patient);
		awaitHandshakes(1);

		Observation result = SecurityFixtures.observation(null, patient, "laboratory");
		result.setStatus(Observation.ObservationStatus.PRELIMINARY);
		String id = client.create().resource(result).execute().getId().getIdPart();
		client.create().resource(SecurityFixtures.observation(null, patient, "vital-signs")).execute();
		assertThat(events()).as("preliminary, and a vital sign").isEmpty();

		result.setId(id);
		result.setStatus(Observation.ObservationStatus.FINAL);
		client.update().resource(result).execute();
		assertThat(events()).containsExactly(new Event("/lab-result-final", "event-notification", "Observation/" + id, "PUT"));

		result.setValue(new org.hl7.fhir.r4.model.Quantity(5.4));
		client.update().resource(result).execute();
		assertThat(events()).as("final already").isEmpty();

		DiagnosticReport report = new DiagnosticReport();
		report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		report.addCategory().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", null));
		report.getCode().addCoding(new Coding("http://loinc.org", "58410-2", "CBC panel"));
		report.setSubject(new Reference("Patient/" + patient));
		String reportId = client.create().resource(report).execute().getId().getIdPart();
		assertThat(events()).containsExactly(new Event("/lab-result-final", "event-notification",
				"DiagnosticReport/" + reportId, "POST"));
	}

	@Test
	void blockingChangedFiresWhenABlockingIsMadeAndRemoved() {
		String patient = patient("sperring");
		subscribe("blocking-changed", "Consent?patient=Patient/" + patient);
		awaitHandshakes(1);
		String doctor = "lege-sperring-" + RUN;
		client.update().resource(SecurityFixtures.practitioner(doctor)).execute();

		Consent blocking = SecurityFixtures.blocking(null, patient, SecurityFixtures.deny("Practitioner/" + doctor));
		String id = client.create().resource(blocking).execute().getId().getIdPart();
		assertThat(events()).containsExactly(new Event("/blocking-changed", "event-notification", "Consent/" + id, "POST"));
		client.delete().resourceById("Consent", id).execute();
		assertThat(events()).containsExactly(new Event("/blocking-changed", "event-notification", "Consent/" + id, "DELETE"));
	}

	// --- fixtures

	private String patient(String name) {
		String id = name + "-" + RUN;
		client.update().resource(SecurityFixtures.patient(id, name)).execute();
		return id;
	}

	private Appointment videoAppointment(String patient, String doctor) {
		Appointment appointment = FHIR.newJsonParser().parseResource(Appointment.class, """
				{"resourceType":"Appointment","meta":{"profile":["https://fjord-fhir.no/fhir/StructureDefinition/fjord-video-appointment"]},
				"extension":[{"url":"http://hl7.no/fhir/StructureDefinition/no-basis-virtual-service","extension":[
				{"url":"virtualAddress","valueUrl":"https://video.fjordvik-legesenter.example/rom/7f3c9a21"},
				{"url":"sessionKey","valueString":"7f3c9a21"}]}],
				"status":"booked","serviceType":[{"text":"Videokonsultasjon hos fastlege"}],
				"start":"2026-12-09T09:00:00+01:00","end":"2026-12-09T09:20:00+01:00","minutesDuration":20,
				"participant":[{"required":"required","status":"accepted"},{"required":"required","status":"accepted"}]}""");
		appointment.getParticipant().get(0).setActor(new Reference("Patient/" + patient));
		appointment.getParticipant().get(1).setActor(new Reference("Practitioner/" + doctor));
		return appointment;
	}

	private void subscribe(String topic, String... filters) {
		Subscription subscription = new Subscription();
		subscription.getMeta().addProfile(BACKPORT + "backport-subscription");
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("SubscriptionTopicsIT");
		subscription.setCriteria(TOPICS + topic);
		for (String filter : filters) {
			subscription.getCriteriaElement().addExtension(BACKPORT + "backport-filter-criteria", new StringType(filter));
		}
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
				.setEndpoint(receiver.url("/" + topic)).setPayload("application/fhir+json")
				.addExtension(SECRET_EXTENSION, new StringType(SECRET));
		subscription.getChannel().getPayloadElement().addExtension(BACKPORT + "backport-payload-content", new CodeType("id-only"));
		HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base() + "/Subscription"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(subscription))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	private void awaitHandshakes(int count) {
		for (int i = 0; i < count; i++) {
			Event handshake = read(receiver.next(Duration.ofSeconds(15)));
			assertThat(handshake.type()).isEqualTo("handshake");
		}
	}

	/** The notifications that arrive within a quiet period, without heartbeats or handshakes. */
	private List<Event> events() {
		List<Event> events = new ArrayList<>();
		for (TestReceiver.Received received : receiver.drain(QUIET)) {
			events.add(read(received));
		}
		return events;
	}

	private static Event read(TestReceiver.Received received) {
		assertThat(received).as("a notification").isNotNull();
		Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, received.body());
		Parameters status = (Parameters) bundle.getEntryFirstRep().getResource();
		String type = status.getParameter("type").getValue().primitiveValue();
		if (bundle.getEntry().size() < 2) {
			return new Event(received.path(), type, null, null);
		}
		Bundle.BundleEntryComponent focus = bundle.getEntry().get(1);
		String reference = focus.getFullUrl().substring(focus.getFullUrl().indexOf("/fhir/") + "/fhir/".length());
		return new Event(received.path(), type, reference, focus.getRequest().getMethod().toCode());
	}
}
