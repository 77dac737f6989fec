package no.fjord.examples.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in FHIR endpoint on 127.0.0.1 for loader tests: records every request and answers
 * with whatever the test's function returns for the request body.
 */
public final class TestFhirServer implements AutoCloseable {

	public static final String OPERATION_OUTCOME = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{"
			+ "\"severity\":\"error\",\"code\":\"invalid\",\"diagnostics\":\"HAPI-0450: Failed to parse request body\"}]}";

	private final HttpServer server;
	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
	private final Function<String, Reply> replies;

	private TestFhirServer(Function<String, Reply> replies) throws IOException {
		this.replies = replies;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/fhir", this::handle);
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.start();
	}

	/** A server answering every request with {@code reply(body)}. */
	public static TestFhirServer start(Function<String, Reply> replies) throws IOException {
		return new TestFhirServer(replies);
	}

	/** A server that accepts every transaction. */
	public static TestFhirServer accepting() throws IOException {
		return start(body -> new Reply(200, "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"));
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
	}

	public List<RecordedRequest> requests() {
		return List.copyOf(requests);
	}

	@Override
	public void close() {
		server.stop(0);
		((ExecutorService) server.getExecutor()).shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
		requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));

		Reply reply = replies.apply(body);
		byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/fhir+json;charset=utf-8");
		exchange.sendResponseHeaders(reply.status(), bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/** What the server answers. */
	public record Reply(int status, String body) {
	}

	/** One request as received; header names are case-insensitive. */
	public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {
	}
}
