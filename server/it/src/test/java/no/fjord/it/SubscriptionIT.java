package no.fjord.it;

import static no.fjord.it.ExternalTokens.personnel;
import static no.fjord.it.TestSubscriptions.BACKPORT;
import static no.fjord.it.TestSubscriptions.HOME_MEASUREMENT;
import static no.fjord.it.TestSubscriptions.SECRET;
import static no.fjord.it.TestSubscriptions.SECRET_EXTENSION;
import static no.fjord.it.TestSubscriptions.assertSigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions over HTTP with real tokens and a real rest-hook receiver on loopback: the handshake,
 * R4 criteria and Backport topic notifications, signatures, access at subscription and at delivery,
 * auditing, and a receiver that is down for a while.
 */
class SubscriptionIT extends FjordServerIT {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
	private static final Duration WAIT = Duration.ofSeconds(15);

	private static TestReceiver receiver;

	@BeforeAll
	static void startReceiver() throws Exception {
		receiver = new TestReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void criteriaSubscriptionIsHandshakenThenGetsEachMatchingResourceSignedAndPut() {
		String patient = patient("kriterie");
		String other = patient("annen");
		String path = "/criteria-" + RUN;
		String id = subscribe(token(), criteria("Observation?patient=Patient/" + patient, path, "application/fhir+json"));

		TestReceiver.Received handshake = nextAt(path);
		assertThat(handshake.method()).isEqualTo("POST");
		assertThat(handshake.body()).isEmpty();
		assertSigned(handshake);
		await().atMost(WAIT).until(() -> read(id).getStatus() == Subscription.SubscriptionStatus.ACTIVE);

		client.create().resource(SecurityFixtures.observation(null, other, "vital-signs")).execute();
		String observation = client.create().resource(SecurityFixtures.observation(null, patient, "vital-signs")).execute()
				.getId().getIdPart();

		TestReceiver.Received notification = nextAt(path);
		assertThat(notification.method()).isEqualTo("PUT");
		assertThat(notification.path()).isEqualTo(path + "/Observation/" + observation);
		assertThat(FHIR.newJsonParser().parseResource(Observation.class, notification.body()).getSubject().getReference())
				.isEqualTo("Patient/" + patient);
		assertThat(notification.header("webhook-id")).isEqualTo(id + "-1");
		assertSigned(notification);
		assertThat(receiver.drain(Duration.ofSeconds(2))).as("nothing about the other patient").isEmpty();
	}

	@Test
	void topicSubscriptionGetsBackportBundlesNumberedAndCanReplayThem() {
		String patient = patient("hjemme");
		String path = "/topic-" + RUN;
		String id = subscribe(token(), topic(HOME_MEASUREMENT, "Observation?patient=Patient/" + patient, path, "full-resource"));
		Bundle handshake = bundle(nextAt(path));
		assertThat(status(handshake).getParameter("type").getValue().primitiveValue()).isEqualTo("handshake");

		client.create().resource(SecurityFixtures.observation(null, patient, "vital-signs")).execute();
		String first = client.create().resource(homeMeasurement(patient)).execute().getId().getIdPart();
		String second = client.create().resource(homeMeasurement(patient)).execute().getId().getIdPart();

		Bundle one = bundle(nextAt(path));
		Bundle two = bundle(nextAt(path));
		assertThat(one.getType()).isEqualTo(Bundle.BundleType.HISTORY);
		assertThat(one.getMeta().hasProfile(BACKPORT + "backport-subscription-notification-r4")).isTrue();
		Parameters status = status(one);
		assertThat(status.getParameter("type").getValue().primitiveValue()).isEqualTo("event-notification");
		assertThat(status.getParameter("events-since-subscription-start").getValue().primitiveValue()).isEqualTo("1");
		assertThat(one.getEntry().get(1).getResource().getIdElement().getIdPart()).isEqualTo(first);
		assertThat(status(two).getParameter("events-since-subscription-start").getValue().primitiveValue()).isEqualTo("2");
		assertThat(two.getEntry().get(1).getResource().getIdElement().getIdPart()).isEqualTo(second);
		assertThat(receiver.drain(Duration.ofSeconds(2))).as("the plain vital sign is no home measurement").isEmpty();

		Bundle replay = bundleOf(get("Subscription/" + id + "/$events?eventsSinceNumber=2&content=id-only"));
		assertThat(status(replay).getParameter("type").getValue().primitiveValue()).isEqualTo("query-event");
		assertThat(replay.getEntry()).hasSize(2);
		assertThat(replay.getEntry().get(1).getFullUrl()).endsWith("/Observation/" + second);
		assertThat(replay.getEntry().get(1).hasResource()).isFalse();

		Bundle statuses = bundleOf(get("Subscription/" + id + "/$status"));
		Parameters current = (Parameters) statuses.getEntryFirstRep().getResource();
		assertThat(current.getParameter("status").getValue().primitiveValue()).isEqualTo("active");
		assertThat(current.getParameter("events-since-subscription-start").getValue().primitiveValue()).isEqualTo("2");
	}

	@Test
	void blockedPractitionerIsToldNothingAboutTheBlockedPatient() {
		String patient = patient("sperret");
		String blocked = "lege-sperret-" + RUN;
		String colleague = "lege-kollega-" + RUN;
		client.update().resource(SecurityFixtures.practitioner(blocked)).execute();
		client.update().resource(SecurityFixtures.practitioner(colleague)).execute();
		client.create().resource(SecurityFixtures.blocking(null, patient, SecurityFixtures.deny("Practitioner/" + blocked)))
				.execute();
		String scopes = "user/Observation.rs user/Subscription.cruds";
		String blockedPath = "/blocked-" + RUN;
		String colleaguePath = "/colleague-" + RUN;
		String blockedId = subscribe(personnel(blocked, scopes),
				criteria("Observation?patient=Patient/" + patient, blockedPath, "application/fhir+json"));
		subscribe(personnel(colleague, scopes), criteria("Observation?patient=Patient/" + patient, colleaguePath, "application/fhir+json"));
		List<TestReceiver.Received> handshakes = List.of(receiver.next(WAIT), receiver.next(WAIT));
		assertThat(handshakes).extracting(TestReceiver.Received::path).containsExactlyInAnyOrder(blockedPath, colleaguePath);

		client.create().resource(SecurityFixtures.observation(null, patient, "vital-signs")).execute();

		assertThat(nextAt(colleaguePath).method()).isEqualTo("PUT");
		assertThat(receiver.drain(Duration.ofSeconds(3))).as("the blocked practitioner hears nothing").isEmpty();
		HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create(base() + "/Subscription/" + blockedId + "/$status"))
				.header("Authorization", "Bearer " + personnel(blocked, scopes)).GET());
		Parameters blockedStatus = (Parameters) bundleOf(status).getEntryFirstRep().getResource();
		assertThat(blockedStatus.getParameter("events-since-subscription-start").getValue().primitiveValue())
				.as("not even the event count tells that something changed").isEqualTo("0");
	}

	@Test
	void patientTokenSubscribesOnlyToItsOwnPatient() {
		String own = patient("egen");
		String other = patient("fremmed");
		String scopes = "patient/Observation.rs patient/Subscription.cruds";
		String token = ExternalTokens.patient(own, scopes);

		HttpResponse<String> foreign = create(token, topic(HOME_MEASUREMENT, "Observation?patient=Patient/" + other,
				"/foreign-" + RUN, "id-only"));
		assertThat(foreign.statusCode()).isEqualTo(403);
		assertThat(foreign.body()).contains("OperationOutcome").contains("own patient");
		HttpResponse<String> everyone = create(token, topic(HOME_MEASUREMENT, null, "/everyone-" + RUN, "id-only"));
		assertThat(everyone.statusCode()).isEqualTo(403);

		String path = "/own-" + RUN;
		String id = subscribe(token, topic(HOME_MEASUREMENT, "Observation?patient=Patient/" + own, path, "id-only"));
		assertThat(nextAt(path)).isNotNull();
		HttpResponse<String> othersRead = send(HttpRequest.newBuilder(URI.create(base() + "/Subscription/" + id))
				.header("Authorization", "Bearer " + ExternalTokens.patient(other, scopes)).GET());
		assertThat(othersRead.statusCode()).as("another patient's app cannot see it").isEqualTo(404);
		HttpResponse<String> ownRead = send(HttpRequest.newBuilder(URI.create(base() + "/Subscription/" + id))
				.header("Authorization", "Bearer " + token).GET());
		assertThat(ownRead.statusCode()).isEqualTo(200);
		assertThat(ownRead.body()).doesNotContain("whsec_").doesNotContain(SECRET_EXTENSION);
	}

	@Test
	void deliveryFollowsTheSubscribersScopeRestrictionsAndAddressProtection() {
		String patient = patient("skjermet");
		String doctor = "lege-begrenset-" + RUN;
		client.update().resource(SecurityFixtures.practitioner(doctor)).execute();
		String token = personnel(doctor, "user/Observation.rs?category=laboratory user/Patient.rs user/Subscription.cruds");
		String labPath = "/lab-only-" + RUN;
		String patientPath = "/patient-" + RUN;
		subscribe(token, criteria("Observation?patient=Patient/" + patient, labPath, "application/fhir+json"));
		nextAt(labPath);
		subscribe(token, criteria("Patient?_id=" + patient, patientPath, "application/fhir+json"));
		nextAt(patientPath);
		String byAddress = "/by-address-" + RUN;
		subscribe(token, criteria("Patient?address-city=Hemmelighavn", byAddress, null));
		nextAt(byAddress);
		assertRefused(create(token, criteria("Observation?subject:Patient.address-city=Hemmelighavn", "/chain-" + RUN, null)),
				403, "address");

		client.create().resource(SecurityFixtures.observation(null, patient, "vital-signs")).execute();
		String lab = client.create().resource(SecurityFixtures.observation(null, patient, "laboratory")).execute()
				.getId().getIdPart();
		assertThat(nextAt(labPath).path()).as("only what the scope's restriction lets the doctor read")
				.isEqualTo(labPath + "/Observation/" + lab);

		org.hl7.fhir.r4.model.Patient hidden = SecurityFixtures.patient(patient, "Skjermet");
		hidden.addAddress().setCity("Hemmelighavn").setPostalCode("9999");
		hidden.getMeta().addSecurity().setSystem("https://fjord-fhir.no/fhir/CodeSystem/fjord-address-protection")
				.setCode("strengtFortrolig");
		client.update().resource(hidden).execute();
		TestReceiver.Received patientUpdate = nextAt(patientPath);
		assertThat(patientUpdate.body()).contains("Skjermet", "REDACTED").doesNotContain("Hemmelighavn");
		assertThat(receiver.drain(Duration.ofSeconds(2)))
				.as("neither the vital sign nor, to the search by address, the protected patient").isEmpty();
	}

	@Test
	void othersCannotChangeDeleteOrFindSomeoneElsesSubscription() {
		String owner = "lege-eier-" + RUN;
		String stranger = "lege-fremmed-" + RUN;
		String scopes = "user/Observation.rs user/Subscription.cruds";
		String path = "/owned-" + RUN;
		String id = subscribe(personnel(owner, scopes), criteria("Observation?code=urn:fjord:it|owned-" + RUN, path, null));
		nextAt(path);
		String strangerToken = personnel(stranger, scopes);

		Subscription takeover = criteria("Observation?code=urn:fjord:it|owned-" + RUN, "/stolen-" + RUN, null);
		takeover.setId(id);
		HttpResponse<String> update = send(HttpRequest.newBuilder(URI.create(base() + "/Subscription/" + id))
				.header("Authorization", "Bearer " + strangerToken).header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(takeover))));
		assertRefused(update, 403, "Only the app and user that made a subscription");
		HttpResponse<String> delete = send(HttpRequest.newBuilder(URI.create(base() + "/Subscription/" + id))
				.header("Authorization", "Bearer " + strangerToken).DELETE());
		assertThat(delete.statusCode()).isIn(403, 404);
		HttpResponse<String> search = send(HttpRequest.newBuilder(URI.create(base() + "/Subscription?_id=" + id))
				.header("Authorization", "Bearer " + strangerToken).GET());
		assertThat(bundleOf(search).getEntry()).isEmpty();
		HttpResponse<String> events = send(HttpRequest.newBuilder(URI.create(base() + "/Subscription/" + id + "/$events"))
				.header("Authorization", "Bearer " + strangerToken).GET());
		assertThat(events.statusCode()).isEqualTo(404);
		assertThat(read(id).getChannel().getEndpoint()).as("unchanged").isEqualTo(receiver.url(path));
	}

	@Test
	void everyNotificationIsInThePatientsAuditTrail() {
		String patient = patient("revisjon");
		String path = "/audit-" + RUN;
		String subscriber = "lege-revisjon-" + RUN;
		client.update().resource(SecurityFixtures.practitioner(subscriber)).execute();
		String id = subscribe(personnel(subscriber, "user/Observation.rs user/Subscription.cruds"),
				criteria("Observation?patient=Patient/" + patient, path, "application/fhir+json"));
		nextAt(path);
		String observation = client.create().resource(SecurityFixtures.observation(null, patient, "vital-signs")).execute()
				.getId().getIdPart();
		nextAt(path);

		await().atMost(WAIT).untilAsserted(() -> {
			Bundle trail = bundleOf(get("AuditEvent?patient=Patient/" + patient + "&agent=Practitioner/" + subscriber));
			List<AuditEvent> notifications = trail.getEntry().stream().map(entry -> (AuditEvent) entry.getResource())
					.filter(audit -> audit.getSubtypeFirstRep().getCode().equals("subscription-notification")).toList();
			assertThat(notifications).hasSize(1);
			AuditEvent event = notifications.get(0);
			assertThat(event.getAgent()).anyMatch(agent -> ("Practitioner/" + subscriber).equals(agent.getWho().getReference()));
			assertThat(event.getEntity()).anyMatch(entity -> entity.getWhat().getReference() != null
					&& entity.getWhat().getReference().startsWith("Observation/" + observation));
			assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
		});
		assertThat(id).isNotBlank();
	}

	@Test
	void receiverThatWasDownGetsEverythingInOrderWhenItComesBack() {
		String patient = patient("nede");
		String path = "/down-" + RUN;
		String id = subscribe(token(), criteria("Observation?patient=Patient/" + patient, path, "application/fhir+json"));
		nextAt(path);
		receiver.down(true);
		List<String> written = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			written.add(client.create().resource(SecurityFixtures.observation(null, patient, "vital-signs")).execute()
					.getId().getIdPart());
		}
		await().atMost(WAIT).until(() -> receiver.refused() >= 3);
		Parameters waiting = (Parameters) bundleOf(get("Subscription/" + id + "/$status")).getEntryFirstRep().getResource();
		org.hl7.fhir.r4.model.Extension delivery = waiting.getParameter("status").getExtensionByUrl(
				"https://fjord-fhir.no/fhir/StructureDefinition/subscription-delivery");
		assertThat(delivery.getExtensionString("queueDepth")).as("the operator sees the queue").isEqualTo("5");
		assertThat(Integer.parseInt(delivery.getExtensionString("failures"))).isGreaterThanOrEqualTo(3);
		assertThat(delivery.getExtensionString("lastError")).isEqualTo("HTTP 503");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(send(HttpRequest.newBuilder(
				URI.create(root() + "/actuator/prometheus")).GET()).body())
				.containsPattern("fjord_subscription_queue_depth\\{[^}]*subscription=\"" + id + "\"[^}]*} 5.0"));
		receiver.down(false);

		List<String> delivered = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			TestReceiver.Received notification = nextAt(path);
			delivered.add(notification.path().substring(notification.path().lastIndexOf('/') + 1));
		}
		assertThat(delivered).containsExactlyElementsOf(written);
	}

	@Test
	void slowEndpointHoldsUpNeitherWritesNorOtherSubscribers() {
		String patient = patient("treg");
		String slow = TestReceiver.SLOW + "-" + RUN;
		String fast = "/fast-" + RUN;
		String slowId = subscribe(token(), criteria("Observation?patient=Patient/" + patient, slow, null));
		subscribe(token(), criteria("Observation?patient=Patient/" + patient, fast, null));
		nextAt(fast);

		long started = System.nanoTime();
		for (int i = 0; i < 3; i++) {
			client.create().resource(SecurityFixtures.observation(null, patient, "vital-signs")).execute();
		}
		List<TestReceiver.Received> quick = new java.util.ArrayList<>();
		while (quick.size() < 3) {
			TestReceiver.Received received = receiver.next(WAIT);
			assertThat(received).as("the fast subscriber's notifications").isNotNull();
			if (received.path().startsWith(fast)) {
				quick.add(received);
			}
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started))
				.as("three writes and three notifications while the slow endpoint takes 5 s for each of its own")
				.isLessThan(Duration.ofSeconds(4));
		client.delete().resourceById("Subscription", slowId).execute();
	}

	@Test
	void subscriptionFailingLongerThanGiveUpAfterGoesToErrorAndKeepsItsEvents() {
		String patient = patient("feil");
		String path = TestReceiver.BROKEN + "-" + RUN;
		Subscription broken = topic(HOME_MEASUREMENT, "Observation?patient=Patient/" + patient, path, "id-only");
		HttpResponse<String> created = create(token(), broken);
		assertThat(created.statusCode()).isEqualTo(201);
		String id = FHIR.newJsonParser().parseResource(Subscription.class, created.body()).getIdElement().getIdPart();

		// The shared server gives up after 30 s (25 h in production); the handshake never goes through.
		await().atMost(Duration.ofSeconds(60)).until(() -> read(id).getStatus() == Subscription.SubscriptionStatus.ERROR);
		Subscription failed = read(id);
		assertThat(failed.getError()).contains("HTTP 500");
		Parameters status = (Parameters) bundleOf(get("Subscription/" + id + "/$status")).getEntryFirstRep().getResource();
		assertThat(status.getParameter("status").getValue().primitiveValue()).isEqualTo("error");
	}

	@Test
	void heartbeatComesWhenNothingHappensForThePeriod() {
		String patient = patient("hjerteslag");
		String path = "/heartbeat-" + RUN;
		Subscription subscription = topic(HOME_MEASUREMENT, "Observation?patient=Patient/" + patient, path, "empty");
		subscription.getChannel().addExtension(BACKPORT + "backport-heartbeat-period", new org.hl7.fhir.r4.model.UnsignedIntType(10));
		String id = subscribe(token(), subscription);
		try {
			assertThat(status(bundle(nextAt(path))).getParameter("type").getValue().primitiveValue()).isEqualTo("handshake");
			TestReceiver.Received heartbeat = receiver.next(Duration.ofSeconds(20));
			assertThat(heartbeat).isNotNull();
			assertThat(status(bundle(heartbeat)).getParameter("type").getValue().primitiveValue()).isEqualTo("heartbeat");
			assertThat(status(bundle(heartbeat)).getParameter("events-since-subscription-start").getValue().primitiveValue())
					.isEqualTo("0");
		} finally {
			// else its heartbeats would reach the other tests' receiver queue
			client.delete().resourceById("Subscription", id).execute();
		}
	}

	@Test
	void oneCallerCannotPileUpSubscriptionsBeyondTheLimit() {
		String doctor = "lege-mange-" + RUN;
		String token = personnel(doctor, "user/Observation.rs user/Subscription.cruds");
		List<String> made = new java.util.ArrayList<>();
		for (int i = 0; i < 30; i++) {
			// a broken endpoint: these handshakes are not recorded by the receiver
			made.add(subscribe(token, criteria("Observation?code=urn:fjord:it|many-" + RUN, TestReceiver.BROKEN + "-many", null)));
		}
		assertRefused(create(token, criteria("Observation?code=urn:fjord:it|many-" + RUN, TestReceiver.BROKEN, null)), 422,
				"the most one may have");
		client.delete().resourceById("Subscription", made.get(0)).execute();
		made.set(0, subscribe(token, criteria("Observation?code=urn:fjord:it|many-" + RUN, TestReceiver.BROKEN + "-many", null)));
		made.forEach(id -> client.delete().resourceById("Subscription", id).execute());
	}

	@Test
	void unsafeOrUnsignedSubscriptionsAreRefusedWithAnOperationOutcome() {
		Subscription metadata = criteria("Observation?code=1234-5", "/x", null);
		metadata.getChannel().setEndpoint("http://169.254.169.254/latest/meta-data");
		assertRefused(create(token(), metadata), 422, "endpoint");
		Subscription plainHttp = criteria("Observation?code=1234-5", "/x", null);
		plainHttp.getChannel().setEndpoint("http://example.org/hook");
		assertRefused(create(token(), plainHttp), 422, "https");
		Subscription unsigned = criteria("Observation?code=1234-5", "/x", null);
		unsigned.getChannel().getExtension().clear();
		assertRefused(create(token(), unsigned), 422, "signing secret");
		assertRefused(create(token(), criteria("Observation?no-such-parameter=1", "/x", null)), 422, "criteria");
		assertRefused(create(token(), topic("https://example.org/no-such-topic", null, "/x", "id-only")), 422, "Unknown subscription topic");
		Subscription email = criteria("Observation?code=1234-5", "/x", null);
		email.getChannel().setType(Subscription.SubscriptionChannelType.EMAIL);
		assertRefused(create(token(), email), 422, "rest-hook or websocket");
	}

	// --- fixtures

	private String patient(String name) {
		String id = name + "-" + RUN;
		client.update().resource(SecurityFixtures.patient(id, name)).execute();
		return id;
	}

	private Observation homeMeasurement(String patient) {
		String device = "vekt-" + RUN;
		client.update().resource(new Device().setId(device)).execute();
		return TestSubscriptions.homeMeasurement(patient, device);
	}

	private Subscription criteria(String criteria, String path, String payload) {
		Subscription subscription = new Subscription();
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("SubscriptionIT");
		subscription.setCriteria(criteria);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
				.setEndpoint(receiver.url(path)).setPayload(payload)
				.addExtension(SECRET_EXTENSION, new StringType(SECRET));
		return subscription;
	}

	private Subscription topic(String topic, String filter, String path, String content) {
		Subscription subscription = criteria(topic, path, "application/fhir+json");
		subscription.getMeta().addProfile(BACKPORT + "backport-subscription");
		if (filter != null) {
			subscription.getCriteriaElement().addExtension(BACKPORT + "backport-filter-criteria", new StringType(filter));
		}
		subscription.getChannel().getPayloadElement().addExtension(BACKPORT + "backport-payload-content",
				new org.hl7.fhir.r4.model.CodeType(content));
		return subscription;
	}

	private HttpResponse<String> create(String token, Subscription subscription) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/Subscription"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(subscription))));
	}

	private String subscribe(String token, Subscription subscription) {
		HttpResponse<String> created = create(token, subscription);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Subscription stored = FHIR.newJsonParser().parseResource(Subscription.class, created.body());
		assertThat(stored.getStatus()).isEqualTo(Subscription.SubscriptionStatus.REQUESTED);
		return stored.getIdElement().getIdPart();
	}

	private Subscription read(String id) {
		return client.read().resource(Subscription.class).withId(id).execute();
	}

	private TestReceiver.Received nextAt(String path) {
		TestReceiver.Received received = receiver.next(WAIT);
		assertThat(received).as("a notification at " + path).isNotNull();
		assertThat(received.path()).startsWith(path);
		return received;
	}

	private static Bundle bundle(TestReceiver.Received received) {
		assertThat(received.header("Content-Type")).startsWith("application/fhir+json");
		assertSigned(received);
		return FHIR.newJsonParser().parseResource(Bundle.class, received.body());
	}

	private static Bundle bundleOf(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	private static Parameters status(Bundle notification) {
		return (Parameters) notification.getEntryFirstRep().getResource();
	}

	private static void assertRefused(HttpResponse<String> response, int status, String says) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).contains("OperationOutcome").contains(says);
	}
}
