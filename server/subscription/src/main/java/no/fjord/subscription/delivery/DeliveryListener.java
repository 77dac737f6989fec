package no.fjord.subscription.delivery;

import java.util.List;
import no.fjord.subscription.registry.SubscriptionEvent;
import no.fjord.subscription.registry.SubscriptionState;

/** Told of every attempt to notify a subscriber of an event: the audit trail and the metrics listen. */
public interface DeliveryListener {

	/** @param patients the bare ids of the patients whose record the event's resource is part of */
	void notified(SubscriptionState subscription, SubscriptionEvent event, List<String> patients, DeliveryResult result);

	static DeliveryListener all(DeliveryListener... listeners) {
		List<DeliveryListener> all = List.of(listeners);
		return (subscription, event, patients, result) -> all.forEach(
				listener -> listener.notified(subscription, event, patients, result));
	}
}
