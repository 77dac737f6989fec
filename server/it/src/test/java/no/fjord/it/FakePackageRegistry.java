package no.fjord.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A FHIR package registry on loopback serving one package at {@code /<name>/<version>}, the way the
 * real registries do, and remembering what was asked for.
 */
final class FakePackageRegistry implements AutoCloseable {

	private final HttpServer server;
	private final List<String> requests = new CopyOnWriteArrayList<>();

	FakePackageRegistry(String name, String version, Path archive) throws IOException {
		byte[] content = Files.readAllBytes(archive);
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", exchange -> {
			requests.add(exchange.getRequestURI().getPath());
			boolean known = exchange.getRequestURI().getPath().equals("/" + name + "/" + version);
			exchange.getResponseHeaders().add("Content-Type", "application/tar+gzip");
			exchange.sendResponseHeaders(known ? 200 : 404, known ? content.length : -1);
			if (known) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(content);
				}
			}
			exchange.close();
		});
		server.start();
	}

	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	List<String> requests() {
		return List.copyOf(requests);
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
