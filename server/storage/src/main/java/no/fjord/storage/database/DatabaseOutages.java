package no.fjord.storage.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the database was last found down. HAPI reports some failures of a dead database without their
 * cause (a failed search carries only the root cause's message), so the error mapping asks this to
 * tell an outage from a fault of Fjord's own.
 */
public final class DatabaseOutages {

	private final Clock clock;
	private volatile Instant last = Instant.MIN;

	public DatabaseOutages(Clock clock) {
		this.clock = clock;
	}

	/** The database was found down, or has just come back. */
	public void record() {
		last = clock.instant();
	}

	/** Whether the database was down, or came back, within {@code period}. */
	public boolean within(Duration period) {
		return !last.isBefore(clock.instant().minus(period));
	}
}
