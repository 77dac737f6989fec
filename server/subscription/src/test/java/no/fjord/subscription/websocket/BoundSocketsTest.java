package no.fjord.subscription.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundSocketsTest {

	private final BoundSockets sockets = new BoundSockets(2);

	@Test
	void addWhenSubscriptionHasItsMaximumThenRefused() {
		assertThat(sockets.add("busy", socket())).isTrue();
		assertThat(sockets.add("busy", socket())).isTrue();

		assertThat(sockets.hasRoomFor("busy")).isFalse();
		assertThat(sockets.add("busy", socket())).isFalse();
		assertThat(sockets.boundTo("busy")).hasSize(2);
	}

	@Test
	void removeWhenConnectionClosesThenItsSubscriptionsAreNoLongerDeliveredHere() {
		SubscriberSocket socket = socket();
		sockets.add("a", socket);
		sockets.add("b", socket);
		SubscriberSocket other = socket();
		sockets.add("b", other);

		sockets.remove(socket);

		assertThat(sockets.subscriptionIds()).containsExactly("b");
		assertThat(sockets.boundTo("b")).containsExactly(other);
		assertThat(socket.isBound()).isFalse();
	}

	private static SubscriberSocket socket() {
		return new SubscriberSocket(TestSessions.open().session);
	}
}
