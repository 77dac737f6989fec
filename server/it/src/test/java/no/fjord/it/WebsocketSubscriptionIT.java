package no.fjord.it;

import static no.fjord.it.ExternalTokens.personnel;
import static no.fjord.it.TestSubscriptions.BACKPORT;
import static no.fjord.it.TestSubscriptions.HOME_MEASUREMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;

/**
 * The websocket channel with a real websocket client (the JDK's): topic subscriptions bound with a token from
 * {@code $get-ws-binding-token} get Backport IG Bundles, R4 criteria subscriptions bound with {@code bind [id]}
 * get {@code ping [id]}; tokens bind only their own subscription and only for its owner; events wait for a
 * client; clients that misbehave are closed alone.
 */
class WebsocketSubscriptionIT extends FjordServerIT {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
	private static final String SCOPES = "user/Observation.rs user/Subscription.cruds";
	private static final Duration WAIT = Duration.ofSeconds(15);

	@Test
	void topicSubscriptionBoundWithTokenGetsHandshakeThenNumberedEventBundles() {
		String owner = practitioner("eier");
		String patient = patient("ws-hjemme");
		String id = subscribe(owner, topic("Observation?patient=Patient/" + patient));

		Parameters binding = bindingToken(owner, id);
		assertThat(binding.getParameter("websocket-url").getValue().primitiveValue()).isEqualTo(websocketUrl());
		assertThat(binding.getParameter("subscription").getValue().primitiveValue()).isEqualTo("Subscription/" + id);
		assertThat(binding.getParameter("expiration").getValue().primitiveValue()).isNotBlank();
		try (TestSocket socket = TestSocket.open(websocketUrl(), null)) {
			socket.send("bind-with-token " + binding.getParameter("token").getValue().primitiveValue());
			assertThat(type(bundle(socket.next()))).isEqualTo("handshake");
			awaitActive(id);

			String first = client.create().resource(homeMeasurement(patient)).execute().getId().getIdPart();
			String second = client.create().resource(homeMeasurement(patient)).execute().getId().getIdPart();

			Bundle one = bundle(socket.next());
			Bundle two = bundle(socket.next());
			assertThat(type(one)).isEqualTo("event-notification");
			assertThat(one.getMeta().hasProfile(BACKPORT + "backport-subscription-notification-r4")).isTrue();
			assertThat(eventNumber(one)).isEqualTo("1");
			assertThat(one.getEntry().get(1).getFullUrl()).endsWith("/Observation/" + first);
			assertThat(eventNumber(two)).isEqualTo("2");
			assertThat(two.getEntry().get(1).getFullUrl()).endsWith("/Observation/" + second);
		}
	}

	@Test
	void bindingTokenBindsOnlyItsOwnSubscriptionAndOnlyOnce() {
		String owner = practitioner("to");
		String patient = patient("ws-to");
		String mine = subscribe(owner, topic("Observation?patient=Patient/" + patient));
		String other = subscribe(owner, topic("Observation?patient=Patient/" + patient));
		String token = bindingToken(owner, mine).getParameter("token").getValue().primitiveValue();

		try (TestSocket socket = TestSocket.open(websocketUrl(), null)) {
			socket.send("bind-with-token " + token);
			Bundle handshake = bundle(socket.next());
			assertThat(((Reference) status(handshake).getParameter("subscription").getValue()).getReference())
					.endsWith("Subscription/" + mine);

			socket.send("bind " + other);
			assertThat(socket.next()).startsWith("error ");
			assertThat(socket.closedWith()).isEqualTo(1008);
		}
		try (TestSocket again = TestSocket.open(websocketUrl(), null)) {
			again.send("bind-with-token " + token);
			assertThat(again.next()).as("a token binds once").startsWith("error ").contains("binding token");
			assertThat(again.closedWith()).isEqualTo(1008);
		}
	}

	@Test
	void anotherCallerGetsNoBindingTokenAndCannotBindById() {
		String owner = practitioner("egen");
		String stranger = practitioner("fremmed");
		String id = subscribe(owner, criteria("Observation?patient=Patient/" + patient("ws-fremmed")));

		HttpResponse<String> refused = postBindingToken(stranger, id);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
		assertThat(postBindingToken(stranger, "no-such-" + RUN).statusCode()).isEqualTo(404);

		String othersAnswer;
		try (TestSocket socket = TestSocket.open(websocketUrl(), stranger)) {
			socket.send("bind " + id);
			othersAnswer = socket.next();
			assertThat(socket.closedWith()).isEqualTo(1008);
		}
		String unknownAnswer;
		try (TestSocket socket = TestSocket.open(websocketUrl(), stranger)) {
			socket.send("bind no-such-" + RUN);
			unknownAnswer = socket.next();
		}
		assertThat(othersAnswer.replace(id, "X")).as("no hint that it exists")
				.isEqualTo(unknownAnswer.replace("no-such-" + RUN, "X")).startsWith("error ");
		try (TestSocket socket = TestSocket.open(websocketUrl(), null)) {
			socket.send("bind " + id);
			assertThat(socket.next()).as("bind needs the access token on the upgrade").startsWith("error ");
		}
		assertThatThrownBy(() -> TestSocket.open(websocketUrl(), "not-a-token")).as("a bad token refuses the upgrade")
				.hasStackTraceContaining("status code 401");
	}

	@Test
	void restHookSubscriptionCannotBeBoundOrGetABindingToken() {
		Subscription restHook = criteria("Observation?code=1234-5");
		restHook.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint("http://localhost:9/hook")
				.addExtension("https://fjord-fhir.no/fhir/StructureDefinition/subscription-signing-secret", new StringType(
						"whsec_" + java.util.Base64.getEncoder().encodeToString("fjord-websocket-it-secret-32byte".getBytes())));
		String owner = practitioner("hook");
		String id = subscribe(owner, restHook);

		HttpResponse<String> refused = postBindingToken(owner, id);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		assertThat(refused.body()).contains("OperationOutcome").contains("websocket");
		try (TestSocket socket = TestSocket.open(websocketUrl(), owner)) {
			socket.send("bind " + id);
			assertThat(socket.next()).startsWith("error ").contains("not a websocket subscription");
		}
	}

	@Test
	void criteriaSubscriptionBoundByIdGetsBoundThenPingPerEvent() {
		String owner = practitioner("r4");
		String patient = patient("ws-r4");
		String id = subscribe(owner, criteria("Observation?patient=Patient/" + patient));

		try (TestSocket socket = TestSocket.open(websocketUrl(), owner)) {
			socket.send("bind " + id);
			assertThat(socket.next()).isEqualTo("bound " + id);
			awaitActive(id);
			client.create().resource(SecurityFixtures.observation(null, patient, "vital-signs")).execute();
			client.create().resource(SecurityFixtures.observation(null, patient, "vital-signs")).execute();

			assertThat(socket.next()).isEqualTo("ping " + id);
			assertThat(socket.next()).isEqualTo("ping " + id);
			assertThat(socket.nothingWithin(Duration.ofSeconds(1))).isTrue();
		}
	}

	@Test
	void eventsWhileNoClientWasBoundArriveAfterBindingInOrder() {
		String owner = practitioner("venter");
		String patient = patient("ws-venter");
		String id = subscribe(owner, topic("Observation?patient=Patient/" + patient));
		List<String> written = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			written.add(client.create().resource(homeMeasurement(patient)).execute().getId().getIdPart());
		}
		await().atMost(WAIT).until(() -> eventsSinceStart(id).equals("3"));
		assertThat(read(id).getStatus()).as("no handshake without a client").isEqualTo(Subscription.SubscriptionStatus.REQUESTED);

		try (TestSocket socket = TestSocket.open(websocketUrl(), null)) {
			socket.send("bind-with-token " + bindingToken(owner, id).getParameter("token").getValue().primitiveValue());
			assertThat(type(bundle(socket.next()))).isEqualTo("handshake");
			assertThat(focusIds(socket, 3)).containsExactlyElementsOf(written);
		}
		awaitActive(id);
		List<String> later = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			later.add(client.create().resource(homeMeasurement(patient)).execute().getId().getIdPart());
		}
		await().atMost(WAIT).until(() -> eventsSinceStart(id).equals("5"));
		try (TestSocket socket = TestSocket.open(websocketUrl(), null)) {
			socket.send("bind-with-token " + bindingToken(owner, id).getParameter("token").getValue().primitiveValue());
			assertThat(type(bundle(socket.next()))).isEqualTo("handshake");
			List<Bundle> bundles = List.of(bundle(socket.next()), bundle(socket.next()));
			assertThat(bundles).extracting(WebsocketSubscriptionIT::eventNumber).containsExactly("4", "5");
			assertThat(bundles).extracting(bundle -> bundle.getEntry().get(1).getFullUrl().replaceAll(".*/", ""))
					.containsExactlyElementsOf(later);
		}
	}

	@Test
	void clientSendingGarbageOrAHugeMessageIsClosedWithoutAffectingOthers() {
		String owner = practitioner("rolig");
		String patient = patient("ws-rolig");
		String id = subscribe(owner, criteria("Observation?patient=Patient/" + patient));
		try (TestSocket calm = TestSocket.open(websocketUrl(), owner);
				TestSocket garbage = TestSocket.open(websocketUrl(), owner);
				TestSocket huge = TestSocket.open(websocketUrl(), owner)) {
			calm.send("bind " + id);
			assertThat(calm.next()).isEqualTo("bound " + id);

			garbage.send("hello, is anyone there?");
			assertThat(garbage.next()).startsWith("error ");
			assertThat(garbage.closedWith()).isEqualTo(1008);
			huge.sendQuietly("bind " + "x".repeat(10_000));
			assertThat(huge.closedWith()).isEqualTo(1009);

			client.create().resource(SecurityFixtures.observation(null, patient, "vital-signs")).execute();
			assertThat(calm.next()).isEqualTo("ping " + id);
		}
	}

	// --- fixtures

	private String websocketUrl() {
		return "ws://localhost:" + port + "/fhir/websocket";
	}

	/** A practitioner's token that may subscribe to Observations. */
	private String practitioner(String name) {
		String id = "lege-ws-" + name + "-" + RUN;
		client.update().resource(SecurityFixtures.practitioner(id)).execute();
		return personnel(id, SCOPES);
	}

	private String patient(String name) {
		String id = name + "-" + RUN;
		client.update().resource(SecurityFixtures.patient(id, name)).execute();
		return id;
	}

	private Observation homeMeasurement(String patient) {
		String device = "ws-vekt-" + RUN;
		client.update().resource(new Device().setId(device)).execute();
		return TestSubscriptions.homeMeasurement(patient, device);
	}

	private static Subscription criteria(String criteria) {
		Subscription subscription = new Subscription();
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("WebsocketSubscriptionIT");
		subscription.setCriteria(criteria);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET);
		return subscription;
	}

	private static Subscription topic(String filter) {
		Subscription subscription = criteria(HOME_MEASUREMENT);
		subscription.getMeta().addProfile(BACKPORT + "backport-subscription");
		subscription.getCriteriaElement().addExtension(BACKPORT + "backport-filter-criteria", new StringType(filter));
		subscription.getChannel().setPayload("application/fhir+json").getPayloadElement()
				.addExtension(BACKPORT + "backport-payload-content", new org.hl7.fhir.r4.model.CodeType("id-only"));
		return subscription;
	}

	private String subscribe(String token, Subscription subscription) {
		HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base() + "/Subscription"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(subscription))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return FHIR.newJsonParser().parseResource(Subscription.class, created.body()).getIdElement().getIdPart();
	}

	private HttpResponse<String> postBindingToken(String token, String id) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/Subscription/" + id + "/$get-ws-binding-token"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Parameters\"}")));
	}

	private Parameters bindingToken(String token, String id) {
		HttpResponse<String> response = postBindingToken(token, id);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Parameters.class, response.body());
	}

	private Subscription read(String id) {
		return client.read().resource(Subscription.class).withId(id).execute();
	}

	private void awaitActive(String id) {
		await().atMost(WAIT).until(() -> read(id).getStatus() == Subscription.SubscriptionStatus.ACTIVE);
	}

	private String eventsSinceStart(String id) {
		HttpResponse<String> response = get("Subscription/" + id + "/$status");
		Bundle statuses = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
		return ((Parameters) statuses.getEntryFirstRep().getResource()).getParameter("events-since-subscription-start")
				.getValue().primitiveValue();
	}

	private static List<String> focusIds(TestSocket socket, int count) {
		List<String> ids = new ArrayList<>();
		for (int expected = 1; expected <= count; expected++) {
			Bundle bundle = bundle(socket.next());
			assertThat(eventNumber(bundle)).isEqualTo(Integer.toString(expected));
			ids.add(bundle.getEntry().get(1).getFullUrl().replaceAll(".*/", ""));
		}
		return ids;
	}

	private static Bundle bundle(String message) {
		assertThat(message).as("a notification Bundle").startsWith("{");
		return FHIR.newJsonParser().parseResource(Bundle.class, message);
	}

	private static Parameters status(Bundle notification) {
		return (Parameters) notification.getEntryFirstRep().getResource();
	}

	private static String type(Bundle notification) {
		return status(notification).getParameter("type").getValue().primitiveValue();
	}

	private static String eventNumber(Bundle notification) {
		return status(notification).getParameter("notification-event").getPart().stream()
				.filter(part -> part.getName().equals("event-number")).findFirst().orElseThrow().getValue().primitiveValue();
	}

	/** A websocket client that queues the text messages it receives and remembers how it was closed. */
	static final class TestSocket implements WebSocket.Listener, AutoCloseable {

		private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
		private final CompletableFuture<Integer> closed = new CompletableFuture<>();
		private final StringBuilder partial = new StringBuilder();
		private WebSocket socket;

		/** @param token the bearer token sent with the upgrade, or {@code null} for none */
		static TestSocket open(String url, String token) {
			TestSocket listener = new TestSocket();
			WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
			if (token != null) {
				builder.header("Authorization", "Bearer " + token);
			}
			try {
				listener.socket = builder.buildAsync(URI.create(url), listener).get(20, TimeUnit.SECONDS);
			} catch (ExecutionException failed) {
				throw new IllegalStateException("The websocket was refused", failed);
			} catch (Exception failed) {
				throw new IllegalStateException(failed);
			}
			return listener;
		}

		void send(String text) {
			socket.sendText(text, true).join();
		}

		/** Sends without waiting: the server may close the connection before the message is through. */
		void sendQuietly(String text) {
			socket.sendText(text, true);
		}

		String next() {
			try {
				String message = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(message).as("a websocket message").isNotNull();
				return message;
			} catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(interrupted);
			}
		}

		boolean nothingWithin(Duration wait) {
			try {
				return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
			} catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(interrupted);
			}
		}

		int closedWith() {
			try {
				return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			} catch (Exception notClosed) {
				throw new AssertionError("The server did not close the websocket", notClosed);
			}
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			partial.append(data);
			if (last) {
				messages.add(partial.toString());
				partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			closed.complete(-1);
		}

		@Override
		public void close() {
			if (!socket.isOutputClosed()) {
				socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(failure -> null);
			}
			socket.abort();
		}
	}
}
