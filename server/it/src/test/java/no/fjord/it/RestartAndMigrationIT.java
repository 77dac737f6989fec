package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.VersionEnum;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import no.fjord.app.FjordApplication;
import no.fjord.storage.schema.SchemaMigration;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The life of one database across server versions and restarts, each step a real Fjord start:
 * a schema left by an older HAPI version is migrated at start-up by the embedded default, the data
 * written then is on disk after shutdown, and the same database reached through
 * {@code spring.datasource.url} starts again (migration is a no-op) with the data intact. The second
 * start also installs IG packages given as a {@code .tgz} and as {@code name#version} from a registry
 * (a fake one on loopback), without loading Fjord's own package again.
 *
 * <p>Runs in its own JVM (see the failsafe executions in the pom): it starts servers of its own.
 */
class RestartAndMigrationIT {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@TempDir
	Path dir;

	@Test
	void anOlderSchemaIsMigratedAndTheDataSurvivesARestartOnAnExternalDatabase() throws Exception {
		Path postgresDir = dir.resolve("postgres");
		int allTasks = new HapiFhirJpaMigrationTasks(Set.of()).getAllTasks(VersionEnum.values()).size();

		int tasksOfOlderVersion;
		try (EmbeddedPostgres postgres = startPostgres(postgresDir)) {
			new SchemaMigration(postgres.getPostgresDatabase()).migrateTo(VersionEnum.V7_0_0);
			tasksOfOlderVersion = recordedTasks(postgres.getPostgresDatabase());
		}
		assertThat(tasksOfOlderVersion).isPositive().isLessThan(allTasks);

		String family = TestResources.unique();
		String id;
		java.sql.Timestamp fjordPackageSaved;
		try (ConfigurableApplicationContext fjord = start(
				"--fjord.storage.embedded.data-dir=" + postgresDir,
				"--fjord.storage.fulltext.directory=" + dir.resolve("lucene"))) {
			IGenericClient client = client(fjord);
			id = client.create().resource(TestResources.patient(family)).execute().getId().getIdPart();
			fjordPackageSaved = packageSavedTime(fjord.getBean(DataSource.class), "fjord.fhir.no");
		}
		Path customPackage = TestPackages.patientRequiring(dir, "test.fjord.custom", "birthDate");
		Path registryPackage = TestPackages.patientRequiring(dir, "test.fjord.registry", "gender");

		try (EmbeddedPostgres external = startPostgres(postgresDir);
				FakePackageRegistry registry = new FakePackageRegistry("test.fjord.registry", "1.0.0", registryPackage)) {
			assertThat(recordedTasks(external.getPostgresDatabase())).isGreaterThan(tasksOfOlderVersion);
			try (ConfigurableApplicationContext fjord = start(
					"--spring.datasource.url=" + external.getJdbcUrl("postgres", "postgres"),
					"--spring.datasource.username=postgres",
					"--spring.datasource.password=",
					"--fjord.storage.embedded.data-dir=" + dir.resolve("unused-embedded"),
					"--fjord.storage.fulltext.directory=" + dir.resolve("lucene"),
					"--fjord.profiles.packages=" + customPackage + ",test.fjord.registry#1.0.0",
					"--fjord.profiles.registry=" + registry.url())) {
				IGenericClient client = client(fjord);
				Patient read = client.read().resource(Patient.class).withId(id).execute();
				assertThat(read.getNameFirstRep().getFamily()).isEqualTo(family);

				assertThat(packageSavedTime(external.getPostgresDatabase(), "fjord.fhir.no"))
						.as("Fjord's own package is not loaded again on a restart").isEqualTo(fjordPackageSaved);
				assertProfileIsEnforced(client, "test.fjord.custom", patient -> patient.setBirthDate(null));
				assertThat(registry.requests()).contains("/test.fjord.registry/1.0.0");
				assertProfileIsEnforced(client, "test.fjord.registry", patient -> patient.setGender(null));
			}
		}
		assertThat(dir.resolve("unused-embedded")).as("no embedded database with an external one").doesNotExist();
	}

	/**
	 * The package given in fjord.profiles.packages was installed, and writes claiming its profile are
	 * validated: a patient broken by {@code breakIt} is refused, an intact one stored.
	 */
	private static void assertProfileIsEnforced(IGenericClient client, String packageName,
			java.util.function.Consumer<Patient> breakIt) {
		Patient broken = TestResources.patient(TestResources.unique());
		breakIt.accept(broken);
		broken.getMeta().addProfile(TestPackages.PROFILE_BASE + packageName);
		UnprocessableEntityException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
				() -> client.create().resource(broken).execute(), UnprocessableEntityException.class);
		assertThat(refused).as("refused with 422").isNotNull();
		assertThat(((org.hl7.fhir.r4.model.OperationOutcome) refused.getOperationOutcome()).getIssue())
				.anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("minimum required = 1"));

		Patient intact = TestResources.patient(TestResources.unique());
		intact.getMeta().addProfile(TestPackages.PROFILE_BASE + packageName);
		assertThat(client.create().resource(intact).execute().getCreated()).isTrue();
	}

	private static java.sql.Timestamp packageSavedTime(DataSource dataSource, String packageId) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				java.sql.PreparedStatement query = connection.prepareStatement(
						"select SAVED_TIME from NPM_PACKAGE_VER where PACKAGE_ID = ?")) {
			query.setString(1, packageId);
			try (ResultSet rows = query.executeQuery()) {
				assertThat(rows.next()).as("package %s is installed", packageId).isTrue();
				return rows.getTimestamp(1);
			}
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 1];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--server.port=0";
		return new SpringApplicationBuilder(FjordApplication.class).run(all);
	}

	private static IGenericClient client(ConfigurableApplicationContext fjord) {
		String port = fjord.getEnvironment().getProperty("local.server.port");
		FHIR.getRestfulClientFactory().setSocketTimeout(60_000);
		FHIR.getRestfulClientFactory().setServerValidationMode(ca.uhn.fhir.rest.client.api.ServerValidationModeEnum.NEVER);
		return FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
	}

	private static EmbeddedPostgres startPostgres(Path dataDir) throws IOException {
		return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
				.setRegisterShutdownHook(false).start();
	}

	private static int recordedTasks(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				ResultSet rows = connection.createStatement().executeQuery(
						"select count(*) from \"" + SchemaMigration.MIGRATION_TABLE + "\" where \"success\" and \"installed_rank\" > 0")) {
			rows.next();
			return rows.getInt(1);
		}
	}
}
