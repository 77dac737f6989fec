package no.fjord.subscription.delivery;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import no.fjord.subscription.registry.SubscriptionState;

/**
 * The channels notifications go out through, chosen by {@code Subscription.channel.type}, and which websocket
 * subscriptions this process can reach (those with a connection bound here).
 */
public final class DeliveryChannels {

	private final Map<String, NotificationChannel> channels;
	private final Supplier<Set<String>> websocketsHere;

	/** @param websocketsHere the ids of the websocket subscriptions with a connection bound in this process */
	public DeliveryChannels(Map<String, NotificationChannel> channels, Supplier<Set<String>> websocketsHere) {
		this.channels = Map.copyOf(channels);
		this.websocketsHere = websocketsHere;
	}

	public Set<String> websocketsHere() {
		return websocketsHere.get();
	}

	public DeliveryResult send(SubscriptionState subscription, Notification notification) {
		NotificationChannel channel = channels.get(subscription.definition().channel());
		if (channel == null) {
			return new DeliveryResult(false, 0, "channel " + subscription.definition().channel() + " is not available");
		}
		return channel.send(subscription, notification);
	}
}
