package no.fjord.audit.trail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.fjord.common.concurrent.BackgroundScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/** Removes audit records older than the retention period, once a day, in batches. */
public final class AuditRetention implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
	private static final int BATCH = 10_000;

	private final JdbcTemplate jdbc;
	private final Duration retention;
	private final Clock clock;
	private final ScheduledExecutorService scheduler = BackgroundScheduler.named("fjord-audit-retention");

	public AuditRetention(JdbcTemplate jdbc, Duration retention, Clock clock) {
		this.jdbc = jdbc;
		this.retention = retention;
		this.clock = clock;
	}

	public void start() {
		scheduler.scheduleWithFixedDelay(this::purgeQuietly, 1, TimeUnit.DAYS.toMinutes(1), TimeUnit.MINUTES);
	}

	/** The oldest moment a record may be from and still be kept. */
	public Instant keptSince() {
		return clock.instant().minus(retention);
	}

	/** Removes every record from before {@link #keptSince()}; returns how many. */
	public int purge() {
		Timestamp cutoff = Timestamp.from(keptSince());
		int removed = 0;
		int batch;
		do {
			batch = jdbc.update("DELETE FROM fjord_audit_event WHERE id IN "
					+ "(SELECT id FROM fjord_audit_event WHERE recorded < ? LIMIT " + BATCH + ")", cutoff);
			removed += batch;
		} while (batch == BATCH);
		return removed;
	}

	private void purgeQuietly() {
		try {
			int removed = purge();
			if (removed > 0) {
				log.info("Removed {} audit records older than the retention period", removed);
			}
		} catch (RuntimeException failure) {
			log.warn("Could not remove old audit records: {}", failure.getMessage());
		}
	}

	@Override
	public void close() {
		scheduler.shutdownNow();
	}
}
