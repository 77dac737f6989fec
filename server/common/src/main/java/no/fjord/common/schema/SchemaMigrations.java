package no.fjord.common.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one module's own tables (security, consent, audit...) to its newest schema version: the
 * module's {@link SchemaScript}s not yet recorded in {@value #HISTORY_TABLE} run in version order, each in
 * one transaction with its history row. Servers starting together take turns on a PostgreSQL advisory
 * lock, so each script runs once. A script changed after it ran stops the start: a database must not
 * silently differ from what its history says.
 *
 * <p>Hand-written rather than Flyway: this is all Fjord needs (one history table, one lock, scripts in
 * order), with no new dependency. Flyway would mean aligning HAPI's pinned Flyway 10.20 with Spring Boot's
 * 11.x, adding its separate PostgreSQL module, and keeping Boot's Flyway auto-configuration away from
 * HAPI's schema, which HAPI's own migrator keeps in {@code FLY_HFJ_MIGRATION}.
 */
public final class SchemaMigrations {

	/** One row per module and version applied. */
	public static final String HISTORY_TABLE = "fjord_schema_history";
	/** An arbitrary constant naming "Fjord's schema changes" among PostgreSQL's advisory locks. */
	public static final long LOCK_KEY = 0x466a6f7264L;

	private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

	private SchemaMigrations() {}

	/** Runs what {@code module} has not run yet, from {@code classpath:db/fjord/<module>/}. */
	public static int migrate(DataSource dataSource, String module) {
		return migrate(dataSource, module, SchemaScript.of(module));
	}

	/** Runs those of {@code scripts} that {@code module} has not run yet; returns how many ran. */
	public static int migrate(DataSource dataSource, String module, List<SchemaScript> scripts) {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
				try {
					createHistoryTable(statement);
					return runMissing(connection, module, scripts);
				} finally {
					statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
				}
			}
		} catch (SQLException e) {
			throw new IllegalStateException("The " + module + " schema could not be migrated: " + e.getMessage(), e);
		}
	}

	private static void createHistoryTable(Statement statement) throws SQLException {
		statement.execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " ("
				+ "module VARCHAR(50) NOT NULL, version INTEGER NOT NULL, description VARCHAR(200) NOT NULL, "
				+ "checksum VARCHAR(64) NOT NULL, installed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "
				+ "PRIMARY KEY (module, version))");
	}

	private static int runMissing(Connection connection, String module, List<SchemaScript> scripts)
			throws SQLException {
		Map<Integer, String> applied = applied(connection, module);
		int ran = 0;
		for (SchemaScript script : scripts) {
			String checksum = applied.get(script.version());
			if (checksum == null) {
				run(connection, module, script);
				ran++;
			} else if (!checksum.equals(script.checksum())) {
				throw new IllegalStateException("Schema script " + script.name() + " of " + module
						+ " was changed after it ran on this database; add a new version instead");
			}
		}
		return ran;
	}

	private static Map<Integer, String> applied(Connection connection, String module) throws SQLException {
		Map<Integer, String> applied = new HashMap<>();
		try (PreparedStatement query = connection.prepareStatement(
				"SELECT version, checksum FROM " + HISTORY_TABLE + " WHERE module = ?")) {
			query.setString(1, module);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					applied.put(rows.getInt(1), rows.getString(2));
				}
			}
		}
		return applied;
	}

	private static void run(Connection connection, String module, SchemaScript script) throws SQLException {
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement();
				PreparedStatement history = connection.prepareStatement("INSERT INTO " + HISTORY_TABLE
						+ " (module, version, description, checksum) VALUES (?, ?, ?, ?)")) {
			statement.execute(script.sql());
			history.setString(1, module);
			history.setInt(2, script.version());
			history.setString(3, script.description());
			history.setString(4, script.checksum());
			history.executeUpdate();
			connection.commit();
			log.info("Schema of {}: version {} ({}) applied", module, script.version(), script.description());
		} catch (SQLException | RuntimeException e) {
			connection.rollback();
			throw e;
		} finally {
			connection.setAutoCommit(true);
		}
	}
}
