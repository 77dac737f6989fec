package no.fjord.subscription.delivery;

import no.fjord.subscription.registry.SubscriptionState;

/** A way notifications reach subscribers ({@code Subscription.channel.type}). */
public interface NotificationChannel {

	/** Sends one notification; never throws for an unreachable or failing subscriber. */
	DeliveryResult send(SubscriptionState subscription, Notification notification);
}
