package no.fjord.storage.database;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.fjord.common.concurrent.BackgroundScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Notices when the embedded PostgreSQL has died (killed, out of memory) and brings it back: liveness
 * and readiness go down at once, a new postmaster starts on the same directory and port and recovers
 * from its write-ahead log, the pool drops its dead connections, and the probes come up again.
 * Meanwhile requests fail fast with 503 (a short pool timeout). If the server cannot be started again,
 * Fjord exits with status 1 so that its supervisor (systemd, Kubernetes, Docker) restarts it whole.
 */
final class EmbeddedPostgresWatchdog implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresWatchdog.class);

	private final EmbeddedPostgresServer server;
	private final HikariDataSource pool;
	private final DatabaseOutages outages;
	private final ConfigurableApplicationContext context;
	private final ScheduledExecutorService timer = BackgroundScheduler.named("fjord-postgres-watchdog");

	EmbeddedPostgresWatchdog(EmbeddedPostgresServer server, HikariDataSource pool, DatabaseOutages outages,
			ConfigurableApplicationContext context, Duration interval) {
		this.server = server;
		this.pool = pool;
		this.outages = outages;
		this.context = context;
		timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void check() {
		if (server.isRunning() || !context.isActive()) {
			return;
		}
		outages.record();
		log.error("The embedded PostgreSQL in {} has stopped unexpectedly; starting it again", server.dataDir());
		AvailabilityChangeEvent.publish(context, this, LivenessState.BROKEN);
		AvailabilityChangeEvent.publish(context, this, ReadinessState.REFUSING_TRAFFIC);
		try {
			server.restart();
			pool.getHikariPoolMXBean().softEvictConnections();
			outages.record(); // requests that began during the outage may still fail for a moment
			AvailabilityChangeEvent.publish(context, this, LivenessState.CORRECT);
			AvailabilityChangeEvent.publish(context, this, ReadinessState.ACCEPTING_TRAFFIC);
			log.info("The embedded PostgreSQL is running again");
		} catch (Exception failed) {
			log.error("The embedded PostgreSQL could not be started again; Fjord exits so that its supervisor "
					+ "restarts it (the next start recovers the database)", failed);
			timer.shutdown();
			System.exit(SpringApplication.exit(context, () -> 1));
		}
	}

	@Override
	public void close() {
		timer.shutdownNow();
	}
}
