package no.fjord.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rest-hook receiver on loopback: records every request as it arrives, answers 200, or 503 while told to be
 * down; while told to hold, it leaves requests unanswered until told to answer. Paths starting with
 * {@value #SLOW} answer after 5 seconds; with {@value #BROKEN}, always 500. Neither is recorded.
 */
final class TestReceiver implements AutoCloseable {

	static final String SLOW = "/slow";
	static final String BROKEN = "/broken";

	/** One request as received. */
	record Received(String method, String path, Map<String, List<String>> headers, String body) {
		String header(String name) {
			return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
					.map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
		}
	}

	private final HttpServer server;
	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
	private final AtomicInteger refused = new AtomicInteger();
	private volatile boolean down;
	private volatile CountDownLatch holding;

	TestReceiver() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
		server.createContext("/", exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String path = exchange.getRequestURI().getPath();
			if (path.startsWith(SLOW)) {
				sleep(Duration.ofSeconds(5));
			}
			if (path.startsWith(BROKEN) || path.startsWith(SLOW)) {
				// not recorded: their senders have given up (timeout) or get an error
				exchange.sendResponseHeaders(path.startsWith(BROKEN) ? 500 : 200, -1);
			} else if (down) {
				refused.incrementAndGet();
				exchange.sendResponseHeaders(503, -1);
			} else {
				received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
						Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8)));
				awaitAnswering();
				exchange.sendResponseHeaders(200, -1);
			}
			exchange.close();
		});
		server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
		server.start();
	}

	String url(String path) {
		return "http://localhost:" + server.getAddress().getPort() + path;
	}

	void down(boolean down) {
		this.down = down;
	}

	/** Requests from now on are recorded but not answered until {@link #answer()}. */
	void hold() {
		holding = new CountDownLatch(1);
	}

	/** Answers the requests held so far (their senders may be gone), and every request from now on. */
	void answer() {
		CountDownLatch held = holding;
		holding = null;
		if (held != null) {
			held.countDown();
		}
	}

	private void awaitAnswering() {
		CountDownLatch held = holding;
		if (held == null) {
			return;
		}
		try {
			held.await();
		} catch (InterruptedException closed) {
			Thread.currentThread().interrupt();
		}
	}

	int refused() {
		return refused.get();
	}

	/** The next request, waiting at most {@code wait}; {@code null} if none came. */
	Received next(Duration wait) {
		try {
			return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
		} catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** Every request that came within {@code wait}. */
	List<Received> drain(Duration wait) {
		sleep(wait);
		List<Received> all = new ArrayList<>();
		received.drainTo(all);
		return all;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		} catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		answer();
		server.stop(0);
		((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
	}
}
