package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import no.fjord.common.schema.SchemaMigrations;
import no.fjord.common.schema.SchemaScript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fjord's own tables (security, consent, audit) are versioned: from an empty database, from the schema
 * the previous release left (its idempotent {@code schema.sql} files, kept in {@code previous-release/}),
 * and with servers starting at once. Each test gets a database of its own on one embedded PostgreSQL.
 */
class ModuleSchemaIT {

	private static final List<String> MODULES = List.of("security", "consent", "audit");
	private static final Path DATA = Path.of("target", "it-data", "schema-" + UUID.randomUUID());

	private static EmbeddedPostgres postgres;

	private DataSource database;
	private JdbcTemplate jdbc;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().setDataDirectory(DATA).setCleanDataDirectory(true)
				.setRegisterShutdownHook(false).start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@BeforeEach
	void freshDatabase() {
		String name = "schema_" + UUID.randomUUID().toString().replace("-", "");
		new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE DATABASE " + name);
		database = postgres.getDatabase("postgres", name);
		jdbc = new JdbcTemplate(database);
	}

	@Test
	void anEmptyDatabaseGetsEveryModulesNewestVersion() {
		MODULES.forEach(module -> assertThat(SchemaMigrations.migrate(database, module))
				.isEqualTo(SchemaScript.of(module).size()));

		assertThat(jdbc.queryForList("SELECT module || ' ' || version FROM fjord_schema_history ORDER BY module",
				String.class)).containsExactly("audit 1", "consent 1", "security 1");
		insertOneRowEach();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM fjord_audit_event WHERE all_patients", Integer.class))
				.isEqualTo(1);
	}

	@Test
	void aDatabaseOfThePreviousReleaseIsTakenOverWithItsRows() throws IOException {
		for (String module : MODULES) {
			jdbc.execute(new ClassPathResource("previous-release/" + module + "-schema.sql")
					.getContentAsString(StandardCharsets.UTF_8));
		}
		insertOneRowEach();

		MODULES.forEach(module -> SchemaMigrations.migrate(database, module));

		assertThat(jdbc.queryForObject("SELECT count(*) FROM fjord_schema_history", Integer.class)).isEqualTo(3);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM fjord_signing_key", Integer.class)).isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM fjord_emergency_access", Integer.class)).isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM fjord_audit_event", Integer.class)).isEqualTo(1);
	}

	@Test
	void aSecondStartRunsNothing() {
		MODULES.forEach(module -> SchemaMigrations.migrate(database, module));

		MODULES.forEach(module -> assertThat(SchemaMigrations.migrate(database, module)).isZero());
	}

	@Test
	void serversStartingTogetherRunEachScriptOnce() throws Exception {
		// not idempotent: a second run of either script would fail
		List<SchemaScript> scripts = List.of(
				SchemaScript.of("V1__table.sql", "CREATE TABLE lock_test (id INTEGER PRIMARY KEY);"),
				SchemaScript.of("V2__row.sql", "INSERT INTO lock_test VALUES (1);"));
		ExecutorService servers = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> runs = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				runs.add(servers.submit((Callable<Integer>) () -> SchemaMigrations.migrate(database, "test", scripts)));
			}
			int ran = 0;
			for (Future<Integer> run : runs) {
				ran += run.get();
			}
			assertThat(ran).isEqualTo(2);
		} finally {
			servers.shutdownNow();
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM lock_test", Integer.class)).isEqualTo(1);
	}

	@Test
	void aScriptChangedAfterItRanStopsTheStart() {
		SchemaMigrations.migrate(database, "test", List.of(SchemaScript.of("V1__a.sql", "CREATE TABLE a (id INTEGER);")));

		assertThatThrownBy(() -> SchemaMigrations.migrate(database, "test",
				List.of(SchemaScript.of("V1__a.sql", "CREATE TABLE a (id BIGINT);"))))
				.isInstanceOf(IllegalStateException.class).hasMessageContaining("V1__a.sql")
				.hasMessageContaining("was changed after it ran");
	}

	@Test
	void aFailingScriptLeavesNeitherItsChangesNorAHistoryRow() {
		List<SchemaScript> scripts = List.of(SchemaScript.of("V1__a.sql", "CREATE TABLE a (id INTEGER);"),
				SchemaScript.of("V2__b.sql", "CREATE TABLE b (id INTEGER); SELECT 1 / 0;"));

		assertThatThrownBy(() -> SchemaMigrations.migrate(database, "test", scripts))
				.isInstanceOf(IllegalStateException.class).hasMessageContaining("test schema");

		assertThat(jdbc.queryForList("SELECT version FROM fjord_schema_history WHERE module = 'test'", Integer.class))
				.containsExactly(1);
		assertThat(jdbc.queryForObject("SELECT to_regclass('b') IS NULL", Boolean.class)).isTrue();
	}

	private void insertOneRowEach() {
		jdbc.update("INSERT INTO fjord_signing_key (key_id, jwk, created_at) VALUES ('k1', '{}', now())");
		jdbc.update("INSERT INTO fjord_emergency_access (caller, patient_id, reason, started, expires) "
				+ "VALUES ('Practitioner/1', 'p1', 'acute', now(), now())");
		jdbc.update("INSERT INTO fjord_audit_event (recorded, event_type, interaction, action, outcome, purpose, "
				+ "follow_up, patients, withheld_patients, all_patients) "
				+ "VALUES (now(), 'rest', 'read', 'R', 0, 'TREAT', false, '{}', '{}', true)");
	}
}
