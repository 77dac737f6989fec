package no.fjord.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Storage settings under {@code fjord.storage}: the embedded PostgreSQL used when no
 * {@code spring.datasource.url} is set, the full-text index, search and bulk export behaviour.
 */
@Validated
@ConfigurationProperties("fjord.storage")
public record StorageProperties(
		@Valid @DefaultValue Embedded embedded,
		@Valid @DefaultValue Fulltext fulltext,
		@Valid @DefaultValue Search search,
		@Valid @DefaultValue BulkExport bulkExport,
		@Valid @DefaultValue Jobs jobs) {

	/**
	 * The embedded PostgreSQL. It keeps its data in {@code dataDir}, so a restart finds everything again.
	 * Fjord's {@code application.yaml} derives it from {@code fjord.data-dir}; the default here is the same.
	 *
	 * @param port 0 picks a free port
	 * @param connectionTimeout how long a request waits for a database connection before it is answered 503
	 * @param watchInterval how often Fjord checks that the server is running (and starts it again if not)
	 */
	public record Embedded(
			@NotNull @DefaultValue("./data/postgres") Path dataDir,
			@Min(0) @Max(65535) @DefaultValue("0") int port,
			@NotNull @DefaultValue("3s") Duration connectionTimeout,
			@NotNull @DefaultValue("1s") Duration watchInterval) {

		public Embedded {
			if (connectionTimeout != null && connectionTimeout.toMillis() < 250) {
				// Hikari's floor
				throw new IllegalArgumentException(
						"fjord.storage.embedded.connection-timeout must be at least 250ms, was " + connectionTimeout);
			}
			if (watchInterval != null && (watchInterval.isZero() || watchInterval.isNegative())) {
				throw new IllegalArgumentException(
						"fjord.storage.embedded.watch-interval must be positive, was " + watchInterval);
			}
		}
	}

	/**
	 * Full-text search ({@code _content}, {@code _text}) through Hibernate Search.
	 *
	 * @param directory where the embedded Lucene index lives (derived from {@code fjord.data-dir})
	 * @param repairInterval how often index entries that could not be written (a full disk, say) are
	 *     tried again
	 */
	public record Fulltext(
			@DefaultValue("true") boolean enabled,
			@NotNull @DefaultValue("lucene") Backend backend,
			@NotNull @DefaultValue("./data/lucene") Path directory,
			@NotNull @DefaultValue("10s") Duration repairInterval) {

		public enum Backend {
			LUCENE
		}
	}

	/**
	 * @param reuseCachedResults how long an identical search may be answered from an earlier result
	 *     set; zero (the default) means every search sees the latest writes
	 */
	public record Search(@NotNull @DefaultValue("0s") Duration reuseCachedResults) {}

	/**
	 * Bulk Data {@code $export}.
	 *
	 * @param reuseJobs answer an identical kick-off within the retention period with the existing job
	 */
	public record BulkExport(
			@DefaultValue("true") boolean enabled,
			@DefaultValue("true") boolean reuseJobs,
			@NotNull @DefaultValue("2h") Duration fileRetention,
			@Min(1) @DefaultValue("1000") int resourcesPerFile) {}

	/**
	 * HAPI's batch jobs ($export, $reindex...). Each step of a job advances on a maintenance pass;
	 * HAPI's default of one pass a minute makes a small export take minutes.
	 *
	 * @param maintenanceInterval how often a pass runs (at least 100 ms)
	 */
	public record Jobs(@NotNull @DefaultValue("1s") Duration maintenanceInterval) {

		public Jobs {
			if (maintenanceInterval != null && maintenanceInterval.toMillis() < 100) {
				throw new IllegalArgumentException(
						"fjord.storage.jobs.maintenance-interval must be at least 100ms, was " + maintenanceInterval);
			}
		}
	}
}
