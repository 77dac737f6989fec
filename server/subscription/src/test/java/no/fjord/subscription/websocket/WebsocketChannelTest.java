package no.fjord.subscription.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import no.fjord.subscription.delivery.DeliveryResult;
import no.fjord.subscription.delivery.Notification;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionDefinition.Filter;
import no.fjord.subscription.registry.SubscriptionDefinition.Payload;
import no.fjord.subscription.registry.SubscriptionState;
import org.junit.jupiter.api.Test;

class WebsocketChannelTest {

	private static final String BUNDLE = "{\"resourceType\":\"Bundle\"}";

	private final BoundSockets sockets = new BoundSockets(4);
	private final WebsocketChannel channel = new WebsocketChannel(sockets);

	@Test
	void sendWhenNoConnectionIsBoundThenFailsSoTheEventsWait() {
		DeliveryResult result = channel.send(topic("lonely"), event());

		assertThat(result.delivered()).isFalse();
		assertThat(result.failure()).contains("no websocket connection");
	}

	@Test
	void sendWhenTopicEventThenEveryBoundConnectionGetsTheBundle() {
		TestSessions.Recorded first = bind("topic");
		TestSessions.Recorded second = bind("topic");

		DeliveryResult result = channel.send(topic("topic"), event());

		assertThat(result.delivered()).isTrue();
		assertThat(first.written).containsExactly(BUNDLE);
		assertThat(second.written).containsExactly(BUNDLE);
	}

	@Test
	void sendWhenCriteriaEventThenPingWithTheSubscriptionId() {
		TestSessions.Recorded client = bind("criteria");

		DeliveryResult result = channel.send(criteria("criteria"), new Notification("event-notification", "POST", "", null,
				new byte[0], "criteria-1"));

		assertThat(result.delivered()).isTrue();
		assertThat(client.written).containsExactly("ping criteria");
	}

	@Test
	void sendWhenHandshakeThenDeliveredWithoutWritingAgain() {
		TestSessions.Recorded client = bind("handshaken");

		DeliveryResult result = channel.send(topic("handshaken"), new Notification("handshake", "POST", "", "application/fhir+json",
				BUNDLE.getBytes(StandardCharsets.UTF_8), "handshaken-handshake"));

		assertThat(result.delivered()).as("each connection had its handshake when it bound").isTrue();
		assertThat(client.written).isEmpty();
	}

	@Test
	void sendWhenCriteriaHeartbeatThenNothingIsWrittenForTheClientToSearchOn() {
		TestSessions.Recorded client = bind("quiet");

		DeliveryResult result = channel.send(criteria("quiet"), new Notification("heartbeat", "POST", "", null, new byte[0],
				"quiet-heartbeat"));

		assertThat(result.delivered()).isTrue();
		assertThat(client.written).isEmpty();
	}

	@Test
	void sendWhenOneConnectionFailsThenDeliveredThroughTheOtherAndTheFailedOneClosed() {
		TestSessions.Recorded gone = bind("shared");
		gone.failWrites = true;
		TestSessions.Recorded alive = bind("shared");

		DeliveryResult result = channel.send(topic("shared"), event());

		assertThat(result.delivered()).isTrue();
		assertThat(alive.written).containsExactly(BUNDLE);
		assertThat(gone.closed).isNotNull();
	}

	@Test
	void sendWhenEveryConnectionFailsThenFailed() {
		bind("broken").failWrites = true;

		DeliveryResult result = channel.send(topic("broken"), event());

		assertThat(result.delivered()).isFalse();
		assertThat(result.failure()).contains("took");
	}

	private TestSessions.Recorded bind(String subscriptionId) {
		TestSessions.Recorded session = TestSessions.open();
		assertThat(sockets.add(subscriptionId, new SubscriberSocket(session.session))).isTrue();
		return session;
	}

	private static Notification event() {
		return new Notification("event-notification", "POST", "", "application/fhir+json",
				BUNDLE.getBytes(StandardCharsets.UTF_8), "x-1");
	}

	private static SubscriptionState topic(String id) {
		return state(new SubscriptionDefinition(id, "https://fjord-fhir.no/fhir/SubscriptionTopic/home-measurement",
				List.of(new Filter("Observation", "")), SubscriptionDefinition.WEBSOCKET, null, "application/fhir+json",
				Payload.ID_ONLY, List.of(), 0, null, "http://localhost/fhir"));
	}

	private static SubscriptionState criteria(String id) {
		return state(new SubscriptionDefinition(id, null, List.of(new Filter("Observation", "code=1234-5")),
				SubscriptionDefinition.WEBSOCKET, null, null, Payload.EMPTY, List.of(), 0, null, "http://localhost/fhir"));
	}

	private static SubscriptionState state(SubscriptionDefinition definition) {
		return new SubscriptionState(definition, "active", null, null, 1, 0, 0, null, null, null, null);
	}
}
