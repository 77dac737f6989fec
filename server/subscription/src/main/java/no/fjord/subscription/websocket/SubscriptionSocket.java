package no.fjord.subscription.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import no.fjord.security.token.SmartPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One websocket connection to {@code /fhir/websocket}, as the client speaks to it: it may send bind
 * commands and nothing else. Anything else, a binary message, a message over the size limit, or no binding
 * within the bind timeout closes the connection (only this one).
 */
public final class SubscriptionSocket extends Endpoint {

	/** Tomcat's per-session limit on a blocking write; a client that reads nothing holds no worker longer. */
	static final String SEND_TIMEOUT_PROPERTY = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/** How a connection is limited. */
	public record Limits(int maxMessageBytes, Duration bindTimeout, Duration sendTimeout) {
	}

	private static final Logger log = LoggerFactory.getLogger(SubscriptionSocket.class);

	private final SubscriptionBinder binder;
	private final BoundSockets sockets;
	private final Optional<SmartPrincipal> caller;
	private final Limits limits;
	private final ScheduledExecutorService timer;
	private SubscriberSocket socket;
	private ScheduledFuture<?> bindDeadline;

	/** @param caller the verified access token of the upgrade request, if it had one */
	public SubscriptionSocket(SubscriptionBinder binder, BoundSockets sockets, Optional<SmartPrincipal> caller,
			Limits limits, ScheduledExecutorService timer) {
		this.binder = binder;
		this.sockets = sockets;
		this.caller = caller;
		this.limits = limits;
		this.timer = timer;
	}

	@Override
	public void onOpen(Session session, EndpointConfig config) {
		session.setMaxTextMessageBufferSize(limits.maxMessageBytes());
		session.setMaxBinaryMessageBufferSize(limits.maxMessageBytes());
		session.getUserProperties().put(SEND_TIMEOUT_PROPERTY, limits.sendTimeout().toMillis());
		socket = new SubscriberSocket(session);
		session.addMessageHandler(String.class, this::received);
		session.addMessageHandler(ByteBuffer.class, binary -> socket.refuse("only text messages are understood"));
		bindDeadline = timer.schedule(() -> {
			if (!socket.isBound()) {
				socket.refuse("not bound within " + limits.bindTimeout().toSeconds() + " seconds");
			}
		}, limits.bindTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	private void received(String message) {
		SocketMessages.Command command = SocketMessages.parse(message);
		try {
			if (command == null) {
				socket.refuse("expected 'bind-with-token [token]' or 'bind [id]'");
			} else if (SocketMessages.BIND_WITH_TOKEN.equals(command.name())) {
				binder.bindWithToken(socket, command.argument());
			} else {
				binder.bindById(socket, command.argument(), caller);
			}
		} catch (RuntimeException failure) {
			// the database, most likely; the client may bind again, and learns nothing of the cause
			log.warn("Binding a websocket connection failed: {}", failure.getClass().getName());
			socket.refuse("the server could not bind the connection now; try again");
		}
	}

	@Override
	public void onError(Session session, Throwable failure) {
		// a client that went away or broke the protocol; the container closes the connection
		log.debug("Websocket connection failed: {}", failure.getClass().getName());
	}

	@Override
	public void onClose(Session session, CloseReason reason) {
		if (bindDeadline != null) {
			bindDeadline.cancel(false);
		}
		if (socket != null) {
			sockets.remove(socket);
		}
	}
}
