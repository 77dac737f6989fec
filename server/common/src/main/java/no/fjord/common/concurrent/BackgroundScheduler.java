package no.fjord.common.concurrent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A scheduler for one background task: one named daemon thread, which never keeps the JVM from exiting. */
public final class BackgroundScheduler {

	private BackgroundScheduler() {}

	public static ScheduledExecutorService named(String threadName) {
		return Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, threadName);
			thread.setDaemon(true);
			return thread;
		});
	}
}
