package no.fjord.subscription.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionSocketTest {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
	private final TestSessions.Recorded client = TestSessions.open();
	private final BoundSockets sockets = new BoundSockets(4);

	@AfterEach
	void stopTimer() {
		timer.shutdownNow();
	}

	@Test
	void openWhenConnectedThenMessageSizeAndSendTimeAreLimited() {
		open(Duration.ofSeconds(30));

		assertThat(client.session.getUserProperties()).containsEntry(SubscriptionSocket.SEND_TIMEOUT_PROPERTY, 2_000L);
	}

	@Test
	void connectionWhenNotBoundWithinTheBindTimeoutThenClosed() throws InterruptedException {
		open(Duration.ofMillis(200));

		for (int waited = 0; waited < 50 && client.closed == null; waited++) {
			Thread.sleep(100);
		}

		assertThat(client.closed).isNotNull();
		assertThat(client.closed.getCloseCode()).isEqualTo(CloseCodes.VIOLATED_POLICY);
		assertThat(client.written).singleElement().asString().startsWith("error not bound within");
	}

	@Test
	void messageWhenNotACommandThenErrorAndClosed() {
		open(Duration.ofSeconds(30));

		client.receive("GET / HTTP/1.1");

		assertThat(client.written).singleElement().asString().startsWith("error expected 'bind-with-token");
		assertThat(client.closed.getCloseCode()).isEqualTo(CloseCodes.VIOLATED_POLICY);
	}

	@Test
	void messageWhenBinaryThenErrorAndClosed() {
		open(Duration.ofSeconds(30));

		client.receive(ByteBuffer.wrap(new byte[] {1, 2, 3}));

		assertThat(client.written).singleElement().asString().startsWith("error only text");
		assertThat(client.closed.getCloseCode()).isEqualTo(CloseCodes.VIOLATED_POLICY);
	}

	private void open(Duration bindTimeout) {
		// these connections never bind, so they need no binder
		SubscriptionSocket socket = new SubscriptionSocket(null, sockets, Optional.empty(),
				new SubscriptionSocket.Limits(4096, bindTimeout, Duration.ofSeconds(2)), timer);
		socket.onOpen(client.session, null);
	}
}
