package no.fjord.examples.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import no.fjord.examples.synthetic.SerializedBundle;

/**
 * POSTs transaction Bundles to a FHIR server's base URL (FHIR R4 http.html#transaction) with a
 * bounded number in flight. A bundle counts as loaded only on a 2xx answer: a transaction is
 * all-or-nothing, so a non-2xx means none of its resources were stored.
 */
public final class ServerLoader {

	/** Failures whose response body is printed; after that they are only counted. */
	static final int SHOWN_FAILURES = 3;
	private static final int MAX_BODY_CHARS = 500;

	private final LoaderSettings settings;
	private final PrintStream progress;
	private final Clock clock;
	private final HttpClient client;
	private final URI endpoint;
	private final ExecutorService senders;
	/** Caps queued bundles so a large data set is not held in memory while the server catches up. */
	private final Semaphore inFlight;
	private final AtomicInteger submitted = new AtomicInteger();
	private final AtomicInteger completed = new AtomicInteger();
	private final AtomicInteger failed = new AtomicInteger();
	private final AtomicLong resources = new AtomicLong();
	private final List<String> failureSamples = new ArrayList<>();
	private final long startMillis;

	public ServerLoader(LoaderSettings settings, PrintStream progress, Clock clock) {
		this.settings = settings;
		this.progress = progress;
		this.clock = clock;
		this.client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(settings.connectTimeout())
				.build();
		String base = settings.baseUrl().toString();
		this.endpoint = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
		AtomicInteger threadNumber = new AtomicInteger();
		this.senders = Executors.newFixedThreadPool(settings.concurrency(), runnable -> {
			Thread thread = new Thread(runnable, "fjord-loader-" + threadNumber.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.inFlight = new Semaphore(2 * settings.concurrency());
		this.startMillis = clock.millis();
	}

	/** Queues one bundle; blocks while the loader is at its in-flight limit. */
	public void submit(SerializedBundle bundle) throws InterruptedException {
		inFlight.acquire();
		submitted.incrementAndGet();
		senders.execute(() -> {
			try {
				send(bundle);
			} finally {
				inFlight.release();
			}
		});
	}

	/** Waits for every submitted bundle and stops the sender threads. */
	public LoadReport finish() throws InterruptedException {
		senders.shutdown();
		// no deadline needed: every request is bounded by requestTimeout, so this ends
		senders.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
		Duration elapsed = Duration.ofMillis(clock.millis() - startMillis);
		synchronized (failureSamples) {
			return new LoadReport(submitted.get(), failed.get(), resources.get(), elapsed, failureSamples);
		}
	}

	private void send(SerializedBundle bundle) {
		String failure;
		try {
			HttpResponse<String> response = client.send(request(bundle), HttpResponse.BodyHandlers.ofString());
			int status = response.statusCode();
			failure = status / 100 == 2 ? null : "HTTP " + status + ": " + truncate(response.body());
		} catch (IOException e) {
			failure = e.getClass().getSimpleName() + ": " + e.getMessage();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			failure = "interrupted";
		}
		if (failure == null) {
			resources.addAndGet(bundle.resourceCount());
		} else {
			recordFailure(bundle, failure);
		}
		int done = completed.incrementAndGet();
		if (done % settings.progressEvery() == 0) {
			progress.printf(Locale.ROOT, "%d bundles sent, %d resources loaded, %d failed, %.1f s%n",
					done, resources.get(), failed.get(), (clock.millis() - startMillis) / 1000.0);
		}
	}

	private HttpRequest request(SerializedBundle bundle) {
		HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
				.timeout(settings.requestTimeout())
				.POST(HttpRequest.BodyPublishers.ofString(bundle.json(), StandardCharsets.UTF_8))
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				// the ids the server assigned are not needed, so spare it writing them back
				.header("Prefer", "return=minimal");
		for (LoaderSettings.Header header : settings.headers()) {
			request.setHeader(header.name(), header.value());
		}
		return request.build();
	}

	private void recordFailure(SerializedBundle bundle, String failure) {
		failed.incrementAndGet();
		synchronized (failureSamples) {
			if (failureSamples.size() < SHOWN_FAILURES) {
				String sample = "patient " + bundle.number() + ": " + failure;
				failureSamples.add(sample);
				progress.println("FAILED " + sample);
			}
		}
	}

	private static String truncate(String body) {
		String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
		return oneLine.length() <= MAX_BODY_CHARS ? oneLine : oneLine.substring(0, MAX_BODY_CHARS) + "...";
	}
}
