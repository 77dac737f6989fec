package no.fjord.subscription.websocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import no.fjord.subscription.delivery.DeliveryResult;
import no.fjord.subscription.delivery.Notification;
import no.fjord.subscription.delivery.NotificationChannel;
import no.fjord.subscription.registry.SubscriptionState;

/**
 * The {@code websocket} channel: a notification is written to every connection bound to the subscription in
 * this process, and is delivered when at least one took it. Topic-based subscriptions get the Backport IG
 * notification Bundle as a text message; R4 criteria subscriptions get {@code ping [id]} for each event (FHIR
 * R4 Subscription, 2.46.7.2). Each connection got its handshake when it bound ({@code bound [id]}, or the
 * handshake Bundle), so the worker's handshake only confirms a connection is there. Without a bound
 * connection the delivery fails, and the events wait for a client to bind.
 */
public final class WebsocketChannel implements NotificationChannel {

	private final BoundSockets sockets;

	public WebsocketChannel(BoundSockets sockets) {
		this.sockets = sockets;
	}

	@Override
	public DeliveryResult send(SubscriptionState subscription, Notification notification) {
		List<SubscriberSocket> bound = sockets.boundTo(subscription.id());
		if (bound.isEmpty()) {
			return new DeliveryResult(false, 0, "no websocket connection is bound to this subscription");
		}
		Optional<String> message = messageFor(subscription, notification);
		if (message.isEmpty()) {
			return new DeliveryResult(true, 0, null);
		}
		long written = bound.stream().filter(socket -> socket.send(message.get())).count();
		return written > 0 ? new DeliveryResult(true, 0, null)
				: new DeliveryResult(false, 0, "no bound websocket connection took the notification");
	}

	private static Optional<String> messageFor(SubscriptionState subscription, Notification notification) {
		if ("handshake".equals(notification.kind())) {
			return Optional.empty();
		}
		if (!subscription.definition().isTopicBased()) {
			// R4 has no heartbeat over websockets, and a ping tells the client to search: only events ping.
			return "event-notification".equals(notification.kind()) ? Optional.of(SocketMessages.ping(subscription.id()))
					: Optional.empty();
		}
		return Optional.of(new String(notification.body(), StandardCharsets.UTF_8));
	}
}
