package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SMART client no one on the team wrote: the SMART project's JavaScript client ({@code fhirclient} from
 * npm) in a small test app, driven in headless Chromium by {@code e2e/smart-launch.mjs}, completes a
 * standalone launch as a patient and an EHR launch as a doctor, then reads FHIR data with its token, and
 * fails to read another patient. Needs Node and a Chromium ({@code FJORD_CHROMIUM}, or Debian's
 * {@code chromium} which {@code .ci/run} installs); without them the tests are skipped and say so.
 */
class SmartClientE2EIT extends FjordServerIT {

	private static final Path E2E = Path.of("e2e");
	private static final ObjectMapper JSON = new ObjectMapper();
	private static Path chromium;

	@BeforeAll
	static void tools() throws Exception {
		Optional<Path> found = Stream.of(System.getenv("FJORD_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser")
				.filter(candidate -> candidate != null && Files.isExecutable(Path.of(candidate)))
				.map(Path::of).findFirst();
		if (found.isEmpty() || run(List.of("node", "--version"), 30).exitCode != 0) {
			System.out.println("SKIPPED: the fhirclient end-to-end tests need Node and Chromium "
					+ "(apt-get install chromium, or set FJORD_CHROMIUM)");
			Assumptions.abort("no Chromium or Node on this machine");
		}
		chromium = found.get();
		if (!Files.isDirectory(E2E.resolve("node_modules/fhirclient"))) {
			Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), 600);
			assertThat(install.exitCode).as("npm ci in server/it/e2e: " + install.output).isZero();
		}
	}

	@BeforeEach
	void records() {
		SecurityFixtures.storeRecords(client);
	}

	@Test
	void standaloneLaunchAsAPatient() throws Exception {
		JsonNode report = launch(SecurityFixtures.PATIENT_USER, SecurityFixtures.PATIENT_PASSWORD,
				"openid fhirUser launch/patient patient/*.rs", null);
		assertThat(report.path("patient").asText()).isEqualTo(SecurityFixtures.PATIENT_ID);
		assertThat(report.path("patientName").asText()).isEqualTo("Pasientsen");
		assertThat(report.path("fhirUser").asText()).isEqualTo("Patient/" + SecurityFixtures.PATIENT_ID);
		assertThat(report.path("observations").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(report.path("otherPatientStatus").asInt()).isEqualTo(403);
	}

	@Test
	void ehrLaunchAsADoctor() throws Exception {
		JsonNode ehr = BrowserSession.authorize(root(), SecurityFixtures.APP, SecurityFixtures.REDIRECT,
				SecurityFixtures.DOCTOR, SecurityFixtures.DOCTOR_PASSWORD, "openid fhirUser user/*.cruds", null);
		HttpResponse<String> minted = send(HttpRequest.newBuilder(URI.create(root() + "/smart/launch"))
				.header("Authorization", "Bearer " + ehr.path("access_token").asText())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"patient\":\"" + SecurityFixtures.PATIENT_ID
						+ "\",\"encounter\":\"it-kontakt\"}")));
		assertThat(minted.statusCode()).isEqualTo(201);
		String launch = JSON.readTree(minted.body()).path("launch").asText();

		JsonNode report = launch(SecurityFixtures.DOCTOR, SecurityFixtures.DOCTOR_PASSWORD,
				"launch openid fhirUser patient/*.rs", launch);
		assertThat(report.path("patient").asText()).isEqualTo(SecurityFixtures.PATIENT_ID);
		assertThat(report.path("encounter").asText()).isEqualTo("it-kontakt");
		assertThat(report.path("encounterStatus").asText()).isEqualTo("in-progress");
		assertThat(report.path("fhirUser").asText()).isEqualTo(SecurityFixtures.DOCTOR_RESOURCE);
		assertThat(report.path("otherPatientStatus").asInt()).isEqualTo(403);
	}

	private JsonNode launch(String user, String password, String scope, String launch) throws Exception {
		List<String> command = new ArrayList<>(List.of("node", "smart-launch.mjs", "--chromium", chromium.toString(),
				"--iss", base(), "--client-id", SecurityFixtures.APP, "--scope", scope, "--user", user,
				"--password", password, "--other", SecurityFixtures.OTHER_PATIENT));
		if (launch != null) {
			command.addAll(List.of("--launch", launch));
		}
		Result result = run(command, 180);
		String[] lines = result.output.strip().split("\n");
		JsonNode report = JSON.readTree(lines[lines.length - 1]);
		assertThat(report.has("error")).as(result.output).isFalse();
		assertThat(result.exitCode).as(result.output).isZero();
		return report;
	}

	private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(E2E.toFile()).redirectErrorStream(true).start();
		byte[] output;
		try (var in = process.getInputStream()) {
			output = in.readAllBytes();
		}
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return new Result(-1, "timed out");
		}
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	private record Result(int exitCode, String output) {}
}
