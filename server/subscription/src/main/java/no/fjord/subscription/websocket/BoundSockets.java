package no.fjord.subscription.websocket;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The websocket connections bound to subscriptions in this process, by subscription. A connection is added
 * after its handshake was written, so notifications never overtake it.
 */
public final class BoundSockets {

	private final Map<String, Set<SubscriberSocket>> bySubscription = new HashMap<>();
	private final int maxPerSubscription;

	public BoundSockets(int maxPerSubscription) {
		this.maxPerSubscription = maxPerSubscription;
	}

	/** Whether the subscription can take one more connection. */
	public synchronized boolean hasRoomFor(String subscriptionId) {
		return bySubscription.getOrDefault(subscriptionId, Set.of()).size() < maxPerSubscription;
	}

	/** Binds the connection; {@code false} when the subscription has its maximum of connections already. */
	public synchronized boolean add(String subscriptionId, SubscriberSocket socket) {
		Set<SubscriberSocket> sockets = bySubscription.computeIfAbsent(subscriptionId, id -> new LinkedHashSet<>());
		if (!sockets.contains(socket) && sockets.size() >= maxPerSubscription) {
			return false;
		}
		sockets.add(socket);
		socket.subscriptions().add(subscriptionId);
		return true;
	}

	/** A connection closed: it is bound to nothing any more. */
	public synchronized void remove(SubscriberSocket socket) {
		for (String subscriptionId : socket.subscriptions()) {
			Set<SubscriberSocket> sockets = bySubscription.get(subscriptionId);
			if (sockets != null && sockets.remove(socket) && sockets.isEmpty()) {
				bySubscription.remove(subscriptionId);
			}
		}
		socket.subscriptions().clear();
	}

	public synchronized List<SubscriberSocket> boundTo(String subscriptionId) {
		return List.copyOf(bySubscription.getOrDefault(subscriptionId, Set.of()));
	}

	/** The subscriptions with at least one connection here: the websocket subscriptions this process delivers. */
	public synchronized Set<String> subscriptionIds() {
		return Set.copyOf(bySubscription.keySet());
	}
}
