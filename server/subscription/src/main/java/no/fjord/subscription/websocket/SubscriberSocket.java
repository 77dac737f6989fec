package no.fjord.subscription.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's websocket connection, as notifications reach it: messages are written one at a time (a
 * delivery worker and the connection's own replies may write at once, which the container does not allow),
 * and a connection that cannot take a message is closed.
 */
public final class SubscriberSocket {

	/** Close reasons may hold 123 bytes (RFC 6455, 5.5). */
	private static final int LONGEST_CLOSE_REASON = 123;

	private final Session session;
	private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();

	public SubscriberSocket(Session session) {
		this.session = session;
	}

	/** Writes one text message; {@code false} (and the connection closed) when it could not be written. */
	public synchronized boolean send(String text) {
		if (!session.isOpen()) {
			return false;
		}
		try {
			session.getBasicRemote().sendText(text);
			return true;
		} catch (IOException | RuntimeException failure) {
			// A client too slow to take a message within the send timeout, or gone: it binds again when it is back.
			close(CloseReason.CloseCodes.GOING_AWAY, "a notification could not be written");
			return false;
		}
	}

	/** Tells the client why, then closes the connection. */
	public void refuse(String reason) {
		send(SocketMessages.error(reason));
		close(CloseReason.CloseCodes.VIOLATED_POLICY, reason);
	}

	public void close(CloseReason.CloseCode code, String reason) {
		try {
			session.close(new CloseReason(code, shortened(reason)));
		} catch (IOException | RuntimeException alreadyGone) {
			// closing a connection that is gone: nothing left to do
		}
	}

	/** The subscriptions this connection is bound to. */
	public Set<String> subscriptions() {
		return subscriptions;
	}

	public boolean isBound() {
		return !subscriptions.isEmpty();
	}

	private static String shortened(String reason) {
		byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= LONGEST_CLOSE_REASON) {
			return reason;
		}
		return reason.substring(0, Math.min(reason.length(), LONGEST_CLOSE_REASON / 4));
	}
}
