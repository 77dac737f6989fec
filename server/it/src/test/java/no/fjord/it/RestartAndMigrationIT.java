package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.VersionEnum;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import no.fjord.app.FjordApplication;
import no.fjord.storage.schema.SchemaMigration;
import no.fjord.terminology.TerminologyProperties;
import no.fjord.terminology.cli.LoadTerminologyCommand;
import no.fjord.terminology.content.TerminologyContentInstallation;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.UriType;
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
	private static final String OWN_SYSTEM = "https://terminology.example.org/own";

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
		String tokenOfFirstServer;
		java.sql.Timestamp fjordPackageSaved;
		Path ownTerminology = Files.createDirectories(dir.resolve("terminology"));
		String contentLocations = "--fjord.terminology.content-locations=" + TerminologyProperties.SHIPPED_CONTENT
				+ ",file:" + ownTerminology + "/*.json";
		Files.writeString(ownTerminology.resolve("CodeSystem-own.json"), ownCodeSystem("1", "Første utgave"));
		try (ConfigurableApplicationContext fjord = start(
				"--fjord.storage.embedded.data-dir=" + postgresDir,
				"--fjord.storage.fulltext.directory=" + dir.resolve("lucene"),
				contentLocations)) {
			IGenericClient client = client(fjord);
			id = client.create().resource(TestResources.patient(family)).execute().getId().getIdPart();
			tokenOfFirstServer = TestTokens.token(root(fjord), TestTokens.ALL);
			fjordPackageSaved = packageSavedTime(fjord.getBean(DataSource.class), "fjord.fhir.no");
			assertThat(fjord.getBean(TerminologyContentInstallation.class).storedCount())
					.as("shipped terminology and the operator's own code system stored").isGreaterThan(90);
			assertThat(display(client, OWN_SYSTEM, "A")).isEqualTo("Første utgave");
		}
		Files.writeString(ownTerminology.resolve("CodeSystem-own.json"), ownCodeSystem("2", "Andre utgave"));

		Path brokenFile = Files.writeString(dir.resolve("broken.csv"), "Kode;Tekst\nJ45;Astma\nJ45;Astma igjen\n");
		ByteArrayOutputStream refusedOutput = new ByteArrayOutputStream();
		assertThat(LoadTerminologyCommand.run(FjordApplication.class, new String[] {
				"--kind", "icd-10-no", "--version", "2025", "--file", brokenFile.toString()}, new PrintStream(refusedOutput)))
				.as("a bad file is refused before the command connects to a database").isEqualTo(2);
		assertThat(refusedOutput.toString()).contains("Refused, nothing was stored: line 3: code J45 already given on line 2");
		Path customPackage = TestPackages.patientRequiring(dir, "test.fjord.custom", "birthDate");
		Path registryPackage = TestPackages.patientRequiring(dir, "test.fjord.registry", "gender");

		try (EmbeddedPostgres external = startPostgres(postgresDir);
				FakePackageRegistry registry = new FakePackageRegistry("test.fjord.registry", "1.0.0", registryPackage)) {
			assertThat(recordedTasks(external.getPostgresDatabase())).isGreaterThan(tasksOfOlderVersion);
			ByteArrayOutputStream loadOutput = new ByteArrayOutputStream();
			assertThat(LoadTerminologyCommand.run(FjordApplication.class, new String[] {
					"--kind", "icd-10-no", "--version", "2025",
					"--file", TestTerminology.SAMPLES.resolve("icd-10-no-sample.csv").toString(),
					"--spring.datasource.url=" + external.getJdbcUrl("postgres", "postgres"),
					"--spring.datasource.username=postgres",
					"--spring.datasource.password=" + password(postgresDir),
					"--fjord.storage.fulltext.directory=" + dir.resolve("lucene")},
					new PrintStream(loadOutput))).as(loadOutput.toString()).isZero();
			assertThat(loadOutput.toString()).contains("read: ", "stored: ",
					"Loaded http://hl7.org/fhir/sid/icd-10-no|2025", "as CodeSystem/icd-10-no-2025");

			try (ConfigurableApplicationContext fjord = start(
					"--spring.datasource.url=" + external.getJdbcUrl("postgres", "postgres"),
					"--spring.datasource.username=postgres",
					"--spring.datasource.password=" + password(postgresDir),
					"--fjord.storage.embedded.data-dir=" + dir.resolve("unused-embedded"),
					"--fjord.storage.fulltext.directory=" + dir.resolve("lucene"),
					"--fjord.profiles.packages=" + customPackage + ",test.fjord.registry#1.0.0",
					"--fjord.profiles.registry=" + registry.url(),
					contentLocations)) {
				IGenericClient client = client(fjord);
				assertThat(fjord.getBean(TerminologyContentInstallation.class).storedCount())
						.as("only the code system whose version changed is stored again").isEqualTo(1);
				assertThat(display(client, OWN_SYSTEM, "A")).isEqualTo("Andre utgave");
				assertThat(display(client, TestTerminology.ICD_10_NO, "J45")).as("loaded by the command").isEqualTo("Astma");
				Patient read = client.read().resource(Patient.class).withId(id).execute();
				assertThat(read.getNameFirstRep().getFamily()).isEqualTo(family);
				java.net.http.HttpResponse<String> withOldToken = java.net.http.HttpClient.newHttpClient().send(
						java.net.http.HttpRequest.newBuilder(java.net.URI.create(root(fjord) + "/fhir/Patient/" + id))
								.header("Authorization", "Bearer " + tokenOfFirstServer).build(),
						java.net.http.HttpResponse.BodyHandlers.ofString());
				assertThat(withOldToken.statusCode()).as("a token signed before the restart (signing keys are kept in the database)")
						.isEqualTo(200);

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

	private static String ownCodeSystem(String version, String display) {
		return """
				{"resourceType": "CodeSystem", "id": "own", "url": "%s", "version": "%s", "status": "active",
				 "content": "complete", "concept": [{"code": "A", "display": "%s"}]}
				""".formatted(OWN_SYSTEM, version, display);
	}

	private static String display(IGenericClient client, String system, String code) {
		Parameters result = client.operation().onType(CodeSystem.class).named("$lookup")
				.withParameter(Parameters.class, "system", new UriType(system))
				.andParameter("code", new CodeType(code))
				.useHttpGet().execute();
		return result.getParameterValue("display").primitiveValue();
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
		java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
		all.add("--server.port=0");
		all.addAll(TestTokens.clientArguments());
		all.add("--fjord.auth.authorization-server.admin-client-secret-file=target/it-data/restart-admin-client-secret");
		// one public name for every server of the test, as behind a load balancer, so tokens of one are valid at the next
		all.add("--fjord.auth.issuer=http://fjord.test");
		all.add("--fjord.fhir.server-address=http://fjord.test/fhir");
		return new SpringApplicationBuilder(FjordApplication.class).run(all.toArray(String[]::new));
	}

	private static String root(ConfigurableApplicationContext fjord) {
		return "http://localhost:" + fjord.getEnvironment().getProperty("local.server.port");
	}

	private static IGenericClient client(ConfigurableApplicationContext fjord) {
		String port = fjord.getEnvironment().getProperty("local.server.port");
		FHIR.getRestfulClientFactory().setSocketTimeout(60_000);
		FHIR.getRestfulClientFactory().setServerValidationMode(ca.uhn.fhir.rest.client.api.ServerValidationModeEnum.NEVER);
		return TestTokens.authorized(FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir"),
				"http://localhost:" + port);
	}

	/**
	 * Runs the data directory as an external PostgreSQL would. Once Fjord's embedded mode has used it, it
	 * asks for the password Fjord generated and kept there, so this connects with that password.
	 */
	private static EmbeddedPostgres startPostgres(Path dataDir) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDir)
				.setCleanDataDirectory(false).setRegisterShutdownHook(false);
		if (!password(dataDir).isEmpty()) {
			builder.setConnectConfig("password", password(dataDir));
		}
		return builder.start();
	}

	/** The password Fjord's embedded mode generated for this data directory, or none before it ran there. */
	private static String password(Path dataDir) throws IOException {
		Path file = dataDir.resolve("fjord-password");
		return Files.exists(file) ? Files.readString(file).trim() : "";
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
