package no.fjord.subscription.delivery;

import java.time.Clock;
import no.fjord.subscription.registry.SubscriptionState;

/** The {@code rest-hook} channel: an HTTP request to the subscriber's endpoint, signed with its secret. */
public final class RestHookChannel implements NotificationChannel {

	private final RestHookSender sender;
	private final Clock clock;

	public RestHookChannel(RestHookSender sender, Clock clock) {
		this.sender = sender;
		this.clock = clock;
	}

	@Override
	public DeliveryResult send(SubscriptionState subscription, Notification notification) {
		String endpoint = subscription.definition().endpoint();
		String url = notification.path().isEmpty() ? endpoint
				: endpoint.replaceAll("/+$", "") + notification.path();
		return sender.send(new HookRequest(notification.method(), url, notification.contentType(), notification.body(),
				subscription.definition().headers(), subscription.secret(), notification.id(), clock.instant()));
	}
}
