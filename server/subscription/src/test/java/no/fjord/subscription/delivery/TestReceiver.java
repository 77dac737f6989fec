package no.fjord.subscription.delivery;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A rest-hook receiver on loopback that records what reaches it and answers as each path is told to. */
final class TestReceiver implements AutoCloseable {

	record Received(String method, String path, Headers headers, byte[] body) {
	}

	private final HttpServer server;
	private final ExecutorService executor = Executors.newCachedThreadPool();
	private final List<Received> received = new CopyOnWriteArrayList<>();

	TestReceiver() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setExecutor(executor);
		server.start();
	}

	/** Records each request to the path, then lets the handler answer. */
	TestReceiver on(String path, HttpHandler answer) {
		server.createContext(path, exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders(), body));
			answer.handle(exchange);
		});
		return this;
	}

	TestReceiver answering(String path, int status) {
		return on(path, exchange -> {
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
	}

	String url(String host, String path) {
		return "http://" + host + ":" + server.getAddress().getPort() + path;
	}

	List<Received> received() {
		return List.copyOf(received);
	}

	List<Received> received(String path) {
		return received.stream().filter(request -> request.path().equals(path)).toList();
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
	}
}
