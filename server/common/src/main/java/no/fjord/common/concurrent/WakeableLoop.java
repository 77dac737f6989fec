package no.fjord.common.concurrent;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread repeating a step: again at once while the step says there may be more work, else
 * after {@code idleWait} or as soon as someone calls {@link #wake()}. For work that arrives both from this
 * process (which can wake it) and from others sharing the database (which only polling finds).
 */
public final class WakeableLoop implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WakeableLoop.class);

	private final Semaphore wakeups = new Semaphore(0);
	private final Duration idleWait;
	private final BooleanSupplier step;
	private final Thread thread;
	private volatile boolean running = true;

	/** @param step does some work; returns whether there may be more waiting */
	public WakeableLoop(String threadName, Duration idleWait, BooleanSupplier step) {
		this.idleWait = idleWait;
		this.step = step;
		this.thread = new Thread(this::run, threadName);
		thread.setDaemon(true);
	}

	public void start() {
		thread.start();
	}

	public void wake() {
		if (wakeups.availablePermits() == 0) {
			wakeups.release();
		}
	}

	private void run() {
		while (running) {
			boolean more;
			try {
				more = step.getAsBoolean();
			} catch (RuntimeException failure) {
				// Its type only: a message may quote patient data, which must not reach the log.
				log.warn("{} failed, trying again in {}: {}", thread.getName(), idleWait, failure.getClass().getName());
				log.debug("{} failed", thread.getName(), failure);
				more = false;
			}
			if (!more) {
				try {
					wakeups.tryAcquire(idleWait.toMillis(), TimeUnit.MILLISECONDS);
					wakeups.drainPermits();
				} catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	@Override
	public void close() {
		running = false;
		thread.interrupt();
	}
}
