package no.fjord.subscription.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.fjord.common.concurrent.BackgroundScheduler;
import no.fjord.common.concurrent.WakeableLoop;
import no.fjord.subscription.outbox.ChangeDispatcher;
import no.fjord.subscription.registry.SubscriptionEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The threads that move notifications: one dispatcher turning the outbox into events, workers delivering
 * them, and a daily removal of delivered events past retention. Woken by commits in this process; they
 * also poll, for work committed by other processes on the same database.
 */
public final class SubscriptionDelivery implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionDelivery.class);

	private final WakeableLoop dispatcher;
	private final List<WakeableLoop> workers = new ArrayList<>();
	private final ScheduledExecutorService retention = BackgroundScheduler.named("fjord-subscription-retention");
	private final SubscriptionEvents events;
	private final Duration eventRetention;
	private final Clock clock;
	private volatile boolean running;

	public SubscriptionDelivery(ChangeDispatcher changes, DeliveryWorker worker, int workerCount, Duration pollInterval,
			SubscriptionEvents events, Duration eventRetention, Clock clock) {
		this.dispatcher = new WakeableLoop("fjord-subscription-dispatch", pollInterval, () -> {
			ChangeDispatcher.DispatchResult result = changes.dispatchBatch();
			if (result.events() > 0) {
				wakeWorkers();
			}
			return result.full();
		});
		for (int index = 1; index <= workerCount; index++) {
			workers.add(new WakeableLoop("fjord-subscription-delivery-" + index, pollInterval, worker::deliverNext));
		}
		this.events = events;
		this.eventRetention = eventRetention;
		this.clock = clock;
	}

	/** A change was committed here: match it now rather than at the next poll. */
	public void wakeDispatcher() {
		dispatcher.wake();
	}

	/** A subscription or event is waiting: deliver it now. */
	public void wakeWorkers() {
		workers.forEach(WakeableLoop::wake);
	}

	@Override
	public void start() {
		dispatcher.start();
		workers.forEach(WakeableLoop::start);
		retention.scheduleWithFixedDelay(this::purgeQuietly, 1, 24 * 60, TimeUnit.MINUTES);
		running = true;
	}

	private void purgeQuietly() {
		try {
			events.purge(clock.instant().minus(eventRetention));
		} catch (RuntimeException failure) {
			// Tried again tomorrow; a failure must not end the schedule.
			log.warn("Removing old subscription events failed: {}", failure.getClass().getName());
		}
	}

	@Override
	public void stop() {
		running = false;
		dispatcher.close();
		workers.forEach(WakeableLoop::close);
		retention.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return running;
	}
}
