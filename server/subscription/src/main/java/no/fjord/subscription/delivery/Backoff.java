package no.fjord.subscription.delivery;

import java.time.Duration;

/** How long to wait before the next attempt: doubling from the first wait, never longer than the longest. */
public record Backoff(Duration first, Duration longest) {

	/** @param failures failures in a row so far, at least 1 */
	public Duration after(int failures) {
		int doublings = Math.min(Math.max(failures - 1, 0), 30);
		Duration wait = first.multipliedBy(1L << doublings);
		return wait.compareTo(longest) > 0 || wait.isNegative() ? longest : wait;
	}
}
