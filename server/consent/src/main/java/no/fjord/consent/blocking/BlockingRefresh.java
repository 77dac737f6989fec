package no.fjord.consent.blocking;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.fjord.common.concurrent.BackgroundScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Notices Consents written by other servers sharing the database: every interval it asks PostgreSQL
 * for a fingerprint of the Consent rows (count and newest change, deletions included) and reads all
 * blockings again when it moved.
 */
public final class BlockingRefresh implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BlockingRefresh.class);

	private final JdbcTemplate jdbc;
	private final ActiveBlockings blockings;
	private final ScheduledExecutorService scheduler;
	private volatile List<Object> fingerprint;

	public BlockingRefresh(JdbcTemplate jdbc, ActiveBlockings blockings, Duration interval) {
		this.jdbc = jdbc;
		this.blockings = blockings;
		this.scheduler = BackgroundScheduler.named("fjord-blocking-refresh");
		fingerprint = fingerprint();
		scheduler.scheduleWithFixedDelay(this::refreshIfChanged, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	void refreshIfChanged() {
		try {
			List<Object> current = fingerprint();
			if (!current.equals(fingerprint)) {
				blockings.reloadAll();
				fingerprint = current;
			}
		} catch (RuntimeException failure) {
			log.warn("Could not check for changed blockings: {}", failure.getMessage());
		}
	}

	private List<Object> fingerprint() {
		return jdbc.queryForObject("SELECT COUNT(*), MAX(res_updated), SUM(res_ver) FROM hfj_resource WHERE res_type = 'Consent'",
				(row, index) -> Arrays.asList(row.getLong(1), row.getTimestamp(2), row.getLong(3)));
	}

	@Override
	public void close() {
		scheduler.shutdownNow();
	}
}
