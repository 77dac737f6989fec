package no.fjord.subscription.registry;

import java.time.Instant;

/**
 * A subscription as the delivery machinery keeps it (table {@code fjord_subscription}).
 *
 * @param subscriber {@code null} when it was created without a token (authentication switched off)
 * @param eventsSinceStart the number of the newest event
 * @param deliveredThrough the number of the newest event delivered (or withheld)
 */
public record SubscriptionState(SubscriptionDefinition definition, String status, Subscriber subscriber, String secret,
		long eventsSinceStart, long deliveredThrough, int failures, Instant failingSince, String lastError,
		Instant lastDeliveryAt, Instant lastSentAt) {

	public String id() {
		return definition.id();
	}

	public long queueDepth() {
		return eventsSinceStart - deliveredThrough;
	}
}
