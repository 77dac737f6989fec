package no.fjord.subscription.registry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.fjord.common.concurrent.BackgroundScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Per subscription, for operators' dashboards and alerts: events waiting, failures in a row, seconds
 * since the last delivery, and which status it is in. Read from the table every interval, so every
 * process shows the same figures whichever delivered.
 */
public final class SubscriptionGauges implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionGauges.class);

	private record Figures(String id, String status, long queueDepth, int failures, Double secondsSinceDelivery) {
	}

	private final JdbcTemplate jdbc;
	private final MultiGauge queueDepth;
	private final MultiGauge failures;
	private final MultiGauge sinceDelivery;
	private final MultiGauge status;
	private final ScheduledExecutorService scheduler = BackgroundScheduler.named("fjord-subscription-gauges");

	public SubscriptionGauges(JdbcTemplate jdbc, MeterRegistry registry) {
		this.jdbc = jdbc;
		this.queueDepth = MultiGauge.builder("fjord.subscription.queue.depth")
				.description("Events of the subscription not delivered yet").register(registry);
		this.failures = MultiGauge.builder("fjord.subscription.failures")
				.description("Failed notifications in a row").register(registry);
		this.sinceDelivery = MultiGauge.builder("fjord.subscription.last.delivery.age").baseUnit("seconds")
				.description("Time since the last successful notification").register(registry);
		this.status = MultiGauge.builder("fjord.subscription.status")
				.description("1 for the status the subscription is in").register(registry);
	}

	public void start(Duration interval) {
		scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	public void refresh() {
		List<Figures> figures = jdbc.query("SELECT id, status, events_since_start - delivered_through, failures, "
				+ "extract(epoch FROM now() - last_delivery_at)::float8 FROM fjord_subscription",
				(row, index) -> new Figures(row.getString(1), row.getString(2), row.getLong(3), row.getInt(4),
						(Double) row.getObject(5, Double.class)));
		queueDepth.register(figures.stream().map(f -> Row.of(Tags.of("subscription", f.id()), f.queueDepth())).toList(), true);
		failures.register(figures.stream().map(f -> Row.of(Tags.of("subscription", f.id()), f.failures())).toList(), true);
		sinceDelivery.register(figures.stream().filter(f -> f.secondsSinceDelivery() != null)
				.map(f -> Row.of(Tags.of("subscription", f.id()), f.secondsSinceDelivery())).toList(), true);
		status.register(figures.stream().map(f -> Row.of(Tags.of("subscription", f.id(), "status", f.status()), 1))
				.toList(), true);
	}

	private void refreshQuietly() {
		try {
			refresh();
		} catch (RuntimeException failure) {
			log.warn("Subscription gauges not refreshed: {}", failure.getClass().getName());
		}
	}

	@Override
	public void close() {
		scheduler.shutdownNow();
	}
}
