package no.fjord.examples.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import no.fjord.examples.synthetic.SerializedBundle;

class ServerLoaderTest {

	private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
	private final PrintStream progress = new PrintStream(progressBytes, true, StandardCharsets.UTF_8);

	@Test
	void loadWhenServerAcceptsThenEachBundlePostedWithContentTypeAndExtraHeaders() throws Exception {
		try (TestFhirServer server = TestFhirServer.accepting()) {
			LoaderSettings settings = settings(server.baseUrl(), 3, 100, List.of(
					LoaderSettings.Header.parse("Authorization: Bearer test-token"),
					LoaderSettings.Header.parse("X-Request-Id: load-1")));
			LoadReport report = load(settings, bundles(10));

			assertThat(report.bundles()).isEqualTo(10);
			assertThat(report.failures()).isZero();
			assertThat(report.resources()).isEqualTo(10 * 20);
			assertThat(report.succeeded()).isTrue();
			assertThat(server.requests()).hasSize(10).allSatisfy(request -> {
				assertThat(request.method()).isEqualTo("POST");
				assertThat(request.path()).isEqualTo("/fhir");
				assertThat(request.headers().get("Content-Type")).isEqualTo("application/fhir+json");
				assertThat(request.headers().get("Authorization")).isEqualTo("Bearer test-token");
				assertThat(request.headers().get("X-Request-Id")).isEqualTo("load-1");
			});
			Set<String> bodies = server.requests().stream().map(TestFhirServer.RecordedRequest::body)
					.collect(Collectors.toSet());
			assertThat(bodies).isEqualTo(bundles(10).stream().map(SerializedBundle::json).collect(Collectors.toSet()));
		}
	}

	@Test
	void loadWhenServerAnswers4xxThenCountedAsFailureWithOperationOutcome() throws Exception {
		// every third bundle is "invalid"
		try (TestFhirServer server = TestFhirServer.start(body -> body.contains("\"patient\":3")
				|| body.contains("\"patient\":6") || body.contains("\"patient\":9")
				? new TestFhirServer.Reply(400, TestFhirServer.OPERATION_OUTCOME)
				: new TestFhirServer.Reply(200, "{}"))) {
			LoadReport report = load(settings(server.baseUrl(), 2, 100, List.of()), bundles(10));

			assertThat(report.bundles()).isEqualTo(10);
			assertThat(report.failures()).isEqualTo(3);
			assertThat(report.succeeded()).isFalse();
			assertThat(report.resources()).isEqualTo(7 * 20);
			assertThat(report.failureSamples()).hasSize(3)
					.allSatisfy(sample -> assertThat(sample).contains("HTTP 400").contains("OperationOutcome"));
			assertThat(progressBytes.toString(StandardCharsets.UTF_8)).contains("FAILED patient ");
			assertThat(report.summary()).contains("7 bundles").contains("3 failed");
		}
	}

	@Test
	void loadWhenManyFailuresThenOnlyFirstFewShown() throws Exception {
		try (TestFhirServer server = TestFhirServer.start(body -> new TestFhirServer.Reply(422, "x".repeat(2000)))) {
			LoadReport report = load(settings(server.baseUrl(), 4, 100, List.of()), bundles(12));

			assertThat(report.failures()).isEqualTo(12);
			assertThat(report.failureSamples()).hasSize(ServerLoader.SHOWN_FAILURES)
					.allSatisfy(sample -> assertThat(sample).hasSizeLessThan(600).endsWith("..."));
		}
	}

	@Test
	void loadWhenServerUnreachableThenCountedAsFailure() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		LoadReport report = load(settings("http://127.0.0.1:" + closedPort + "/fhir", 1, 100, List.of()), bundles(2));

		assertThat(report.failures()).isEqualTo(2);
		assertThat(report.failureSamples()).allSatisfy(sample -> assertThat(sample).contains("Exception"));
	}

	@Test
	void loadWhenProgressIntervalReachedThenProgressPrinted() throws Exception {
		try (TestFhirServer server = TestFhirServer.accepting()) {
			load(settings(server.baseUrl(), 1, 5, List.of()), bundles(10));
		}
		String printed = progressBytes.toString(StandardCharsets.UTF_8);
		assertThat(printed).contains("5 bundles sent, 100 resources loaded, 0 failed");
		assertThat(printed).contains("10 bundles sent, 200 resources loaded, 0 failed");
	}

	@Test
	void loadWhenBaseUrlHasTrailingSlashThenPostsToBase() throws Exception {
		try (TestFhirServer server = TestFhirServer.accepting()) {
			load(settings(server.baseUrl() + "/", 1, 100, List.of()), bundles(1));
			assertThat(server.requests()).singleElement()
					.satisfies(request -> assertThat(request.path()).isEqualTo("/fhir"));
		}
	}

	@Test
	void summaryReportsRateWithDotDecimals() {
		Locale previous = Locale.getDefault();
		try {
			Locale.setDefault(Locale.forLanguageTag("nb-NO"));
			LoadReport report = new LoadReport(10, 1, 180, Duration.ofMillis(1500), List.of());
			assertThat(report.summary()).isEqualTo("loaded 9 bundles (180 resources) in 1.5 s, 120.0 resources/s, 1 failed");
		} finally {
			Locale.setDefault(previous);
		}
	}

	private LoadReport load(LoaderSettings settings, List<SerializedBundle> bundles) throws InterruptedException {
		ServerLoader loader = new ServerLoader(settings, progress, Clock.systemUTC());
		for (SerializedBundle bundle : bundles) {
			loader.submit(bundle);
		}
		return loader.finish();
	}

	private static LoaderSettings settings(String baseUrl, int concurrency, int progressEvery,
										   List<LoaderSettings.Header> headers) {
		return new LoaderSettings(URI.create(baseUrl), concurrency, headers, Duration.ofSeconds(5),
				Duration.ofSeconds(10), progressEvery);
	}

	/** Small stand-in bundles; the loader only passes the JSON through. */
	private static List<SerializedBundle> bundles(int count) {
		return IntStream.rangeClosed(1, count)
				.mapToObj(n -> new SerializedBundle(n,
						"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"patient\":" + n + ",\"navn\":\"Ødegård\"}", 20))
				.toList();
	}
}
