package no.fjord.storage.schema;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.util.VersionEnum;
import java.util.Arrays;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the database schema with HAPI's own migration tasks, the ones
 * {@code hapi-fhir-cli migrate-database} runs, before Hibernate starts. An empty database gets the
 * current schema in one step; an older one gets the tasks it has not run yet. The migration table
 * holds a lock, so two servers starting at once do not migrate twice.
 */
public final class SchemaMigration {

	/** The table the HAPI CLI records its migrations in; using the same one keeps the two interchangeable. */
	public static final String MIGRATION_TABLE = "FLY_HFJ_MIGRATION";

	private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

	private final DataSource dataSource;

	public SchemaMigration(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Runs every task up to and including {@code upTo}; {@link #migrateToCurrent()} uses the newest. */
	public MigrationResult migrateTo(VersionEnum upTo) {
		HapiMigrator migrator = new HapiMigrator(MIGRATION_TABLE, dataSource, DriverTypeEnum.POSTGRES_9_4);
		migrator.createMigrationTableIfRequired();
		VersionEnum[] versions = Arrays.stream(VersionEnum.values())
				.filter(version -> version.ordinal() <= upTo.ordinal())
				.toArray(VersionEnum[]::new);
		migrator.addTasks(new HapiFhirJpaMigrationTasks(Set.of()).getAllTasks(versions));
		MigrationResult result = migrator.migrate();
		log.info("Schema migration to {}: {} tasks run, {} failed", upTo, result.succeededTasks.size(),
				result.failedTasks.size());
		return result;
	}

	public MigrationResult migrateToCurrent() {
		return migrateTo(VersionEnum.latestVersion());
	}
}
