package no.fjord.subscription.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import no.fjord.subscription.registry.SubscriptionEvent;
import no.fjord.subscription.registry.SubscriptionState;

/**
 * Notifications sent and failed, per channel, and how long after its commit each event reached its
 * subscriber ({@code fjord_subscription_notification_delay_seconds}, with percentiles for dashboards).
 */
public final class DeliveryMetrics implements DeliveryListener {

	private final MeterRegistry registry;
	private final Clock clock;

	public DeliveryMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	@Override
	public void notified(SubscriptionState subscription, SubscriptionEvent event, List<String> patients,
			DeliveryResult result) {
		String channel = subscription.definition().channel();
		Counter.builder("fjord.subscription.notifications").description("Event notifications sent, by outcome")
				.tags("channel", channel, "outcome", result.delivered() ? "delivered" : "failed")
				.register(registry).increment();
		if (result.delivered()) {
			Timer.builder("fjord.subscription.notification.delay")
					.description("From the commit of a change to the delivery of its notification")
					.tags("channel", channel).publishPercentiles(0.5, 0.95, 0.99)
					.register(registry).record(Duration.between(event.committedAt(), clock.instant()));
		}
	}
}
