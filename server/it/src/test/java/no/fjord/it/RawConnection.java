package no.fjord.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 connection to the server on loopback, written byte by byte as a test needs: requests no
 * Java client would send (raw bytes in the URL, a body that stalls, a header with NUL). Every read has a
 * timeout, so a test using it ends by itself.
 */
final class RawConnection implements AutoCloseable {

	/** What came back: the status, the whole response text, and whether the server closed the connection. */
	record Answer(int status, String text, boolean closed, Duration after) {

		String body() {
			int blank = text.indexOf("\r\n\r\n");
			return blank < 0 ? "" : text.substring(blank + 4);
		}

		boolean hasHeader(String name) {
			return text.toLowerCase(java.util.Locale.ROOT).contains("\r\n" + name.toLowerCase(java.util.Locale.ROOT) + ":");
		}
	}

	private final Socket socket;
	private final long opened = System.nanoTime();

	RawConnection(int port) throws IOException {
		socket = new Socket("localhost", port);
	}

	RawConnection send(byte[] bytes) throws IOException {
		socket.getOutputStream().write(bytes);
		socket.getOutputStream().flush();
		return this;
	}

	RawConnection send(String ascii) throws IOException {
		return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
	}

	/**
	 * Reads until the server closes the connection or {@code wait} passes without a byte; a response
	 * that has not begun by then is a timeout.
	 */
	Answer read(Duration wait) throws IOException {
		socket.setSoTimeout((int) wait.toMillis());
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		boolean closed = false;
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				received.write(buffer, 0, read);
			}
			closed = true;
		} catch (SocketTimeoutException stillOpen) {
			if (received.size() == 0) {
				throw stillOpen;
			}
		} catch (java.net.SocketException reset) {
			closed = true; // the server closed with unread input on its side
		}
		String text = received.toString(StandardCharsets.UTF_8);
		int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
		return new Answer(status, text, closed, Duration.ofNanos(System.nanoTime() - opened));
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}
}
