package no.fjord.examples.load;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a load.
 *
 * @param bundles        bundles attempted
 * @param failures       bundles the server did not accept (non-2xx, timeout, I/O error)
 * @param resources      resources in the accepted bundles
 * @param elapsed        wall time from the first submission to the last response
 * @param failureSamples the first few failures, with the (truncated) OperationOutcome
 */
public record LoadReport(int bundles, int failures, long resources, Duration elapsed, List<String> failureSamples) {

	public LoadReport {
		failureSamples = List.copyOf(failureSamples);
	}

	public boolean succeeded() {
		return failures == 0;
	}

	public double resourcesPerSecond() {
		double seconds = elapsed.toNanos() / 1e9;
		return seconds > 0 ? resources / seconds : 0;
	}

	/** One line for the end of a run. */
	public String summary() {
		return String.format(Locale.ROOT, "loaded %d bundles (%d resources) in %.1f s, %.1f resources/s, %d failed",
				bundles - failures, resources, elapsed.toMillis() / 1000.0, resourcesPerSecond(), failures);
	}
}
