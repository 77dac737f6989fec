package no.fjord.subscription.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Websocket sessions for unit tests: they record what is written to them and how they were closed. */
final class TestSessions {

	/** A session's view for the test. */
	static final class Recorded {
		final List<String> written = new CopyOnWriteArrayList<>();
		final Map<Class<?>, MessageHandler.Whole<Object>> handlers = new ConcurrentHashMap<>();
		volatile CloseReason closed;
		volatile boolean failWrites;
		final Session session;

		@SuppressWarnings("unchecked")
		private Recorded() {
			Map<String, Object> properties = new ConcurrentHashMap<>();
			RemoteEndpoint.Basic remote = (RemoteEndpoint.Basic) Proxy.newProxyInstance(TestSessions.class.getClassLoader(),
					new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, arguments) -> {
						if (method.getName().equals("sendText")) {
							if (failWrites) {
								throw new IOException("the client is gone");
							}
							written.add((String) arguments[0]);
						}
						return null;
					});
			session = (Session) Proxy.newProxyInstance(TestSessions.class.getClassLoader(), new Class<?>[] {Session.class},
					(proxy, method, arguments) -> switch (method.getName()) {
						case "isOpen" -> closed == null;
						case "getBasicRemote" -> remote;
						case "getUserProperties" -> properties;
						case "addMessageHandler" -> {
							handlers.put((Class<?>) arguments[0], (MessageHandler.Whole<Object>) arguments[1]);
							yield null;
						}
						case "close" -> {
							closed = arguments == null ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "") : (CloseReason) arguments[0];
							yield null;
						}
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == arguments[0];
						default -> null;
					});
		}

		/** Delivers a message from the client, as the container would. */
		void receive(Object message) {
			handlers.get(message.getClass() == String.class ? String.class : java.nio.ByteBuffer.class).onMessage(message);
		}
	}

	private TestSessions() {
	}

	static Recorded open() {
		return new Recorded();
	}
}
