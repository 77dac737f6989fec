package no.fjord.common.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import no.fjord.common.web.RequestBodyBudget.Share;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Reads a request body into memory within its limits: no more than the maximum size (also after
 * {@code Content-Encoding: gzip} is expanded), no more than the budget shared by all requests can
 * spare, and no longer than the upload deadline, so a client sending two bytes a second cannot hold a
 * worker thread for minutes.
 */
final class RequestBodyReader {

	private static final int CHUNK = 8 * 1024;

	private final RequestBodyLimits limits;
	private final Clock clock;

	RequestBodyReader(RequestBodyLimits limits, Clock clock) {
		this.limits = limits;
		this.clock = clock;
	}

	/**
	 * @param declaredLength the {@code Content-Length}, or -1 when the body is chunked
	 */
	byte[] read(InputStream in, long declaredLength, Share share) throws IOException, RequestBodyRefusal {
		int max = limits.maxBytes();
		if (declaredLength > max) {
			throw tooLarge("The request body is larger than the " + max + " bytes this server accepts");
		}
		Instant deadline = clock.instant().plus(limits.uploadTimeout());
		Buffer body = new Buffer(share, declaredLength >= 0 ? (int) declaredLength : Math.min(max, 64 * 1024), max);
		try {
			copy(in, body, deadline, "The request body is larger than the " + max + " bytes this server accepts");
		} catch (IOException failure) {
			if (isTimeout(failure)) {
				throw uploadTooSlow();
			}
			throw failure;
		}
		return body.bytes();
	}

	/** Expands a gzip body, refusing it once it grows past the maximum body size (a "zip bomb"). */
	byte[] gunzip(byte[] compressed, Share share) throws RequestBodyRefusal {
		int max = limits.maxBytes();
		Buffer expanded = new Buffer(share, (int) Math.min(max, compressed.length * 4L + 1024), max);
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
			copy(in, expanded, null, "The gzip request body expands to more than the " + max
					+ " bytes this server accepts");
		} catch (ZipException | java.io.EOFException malformed) {
			throw new RequestBodyRefusal(HttpServletResponse.SC_BAD_REQUEST, IssueType.INVALID,
					"The request body is not valid gzip (Content-Encoding: gzip)");
		} catch (IOException impossible) {
			throw new IllegalStateException(impossible); // reading from memory
		}
		return expanded.bytes();
	}

	private void copy(InputStream in, Buffer out, Instant deadline, String tooLargeMessage)
			throws IOException, RequestBodyRefusal {
		byte[] chunk = new byte[CHUNK];
		int read;
		while ((read = in.read(chunk)) != -1) {
			if ((long) out.length + read > limits.maxBytes()) {
				throw tooLarge(tooLargeMessage);
			}
			out.append(chunk, read);
			if (deadline != null && clock.instant().isAfter(deadline)) {
				throw uploadTooSlow();
			}
		}
	}

	private static boolean isTimeout(IOException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private RequestBodyRefusal uploadTooSlow() {
		return new RequestBodyRefusal(HttpServletResponse.SC_REQUEST_TIMEOUT, IssueType.TIMEOUT,
				"The request body did not arrive within " + limits.uploadTimeout().toSeconds() + " seconds");
	}

	private static RequestBodyRefusal tooLarge(String message) {
		return new RequestBodyRefusal(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, IssueType.TOOLONG, message);
	}

	static RequestBodyRefusal busy() {
		return new RequestBodyRefusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE, IssueType.TRANSIENT,
				"The server is receiving too many request bodies at once; try again shortly");
	}

	/** A byte array that takes every byte it allocates from the request's share of the budget. */
	private static final class Buffer {
		private final Share share;
		private final int maxCapacity;
		private byte[] bytes = new byte[0];
		private int length;

		Buffer(Share share, int initialCapacity, int maxCapacity) throws RequestBodyRefusal {
			this.share = share;
			this.maxCapacity = maxCapacity;
			growTo(initialCapacity);
		}

		void append(byte[] chunk, int count) throws RequestBodyRefusal {
			if (length + count > bytes.length) {
				growTo((int) Math.max(length + (long) count, Math.min(maxCapacity, bytes.length * 2L)));
			}
			System.arraycopy(chunk, 0, bytes, length, count);
			length += count;
		}

		private void growTo(int capacity) throws RequestBodyRefusal {
			if (!share.grow(capacity - bytes.length)) {
				throw busy();
			}
			bytes = Arrays.copyOf(bytes, capacity);
		}

		byte[] bytes() {
			return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
		}
	}
}
