package no.fjord.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Locale;
import no.fjord.common.error.OperationOutcomeResponses;
import no.fjord.common.error.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized (413) and absurdly nested (400) request bodies with an OperationOutcome before
 * any parser sees them. The body is read once, up to the limit, and handed on from memory; HAPI reads
 * whole bodies anyway, so this costs one scan, not an extra round of I/O.
 */
public final class RequestBodyGuardFilter extends OncePerRequestFilter {

	private final RequestBodyLimits limits;

	public RequestBodyGuardFilter(RequestBodyLimits limits) {
		this.limits = limits;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		boolean hasBody = "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
		// Form posts (POST _search) are parsed by the servlet container, which bounds them itself;
		// reading their stream here would hide the parameters from it.
		return !hasBody || isForm(request.getContentType());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long maxSize = limits.maxSize().toBytes();
		if (request.getContentLengthLong() > maxSize) {
			refuseTooLarge(request, response, maxSize);
			return;
		}
		byte[] body = readAtMost(request.getInputStream(), (int) maxSize + 1);
		if (body.length > maxSize) {
			refuseTooLarge(request, response, maxSize);
			return;
		}
		int depth = NestingDepth.of(body, body.length);
		if (depth > limits.maxNestingDepth()) {
			OperationOutcomeResponses.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
					OperationOutcomes.error(IssueType.TOOLONG, "The request body nests " + depth
							+ " levels deep; at most " + limits.maxNestingDepth() + " are accepted"));
			return;
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	private static boolean isForm(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.toLowerCase(Locale.ROOT);
		return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
	}

	private static void refuseTooLarge(HttpServletRequest request, HttpServletResponse response, long maxSize)
			throws IOException {
		OperationOutcomeResponses.write(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
				OperationOutcomes.error(IssueType.TOOLONG,
						"The request body is larger than the " + maxSize + " bytes this server accepts"));
	}

	private static byte[] readAtMost(InputStream in, int limit) throws IOException {
		byte[] buffer = new byte[Math.min(limit, 64 * 1024)];
		int length = 0;
		int read;
		while (length < limit && (read = in.read(buffer, length, Math.min(buffer.length, limit) - length)) != -1) {
			length += read;
			if (length == buffer.length && length < limit) {
				buffer = Arrays.copyOf(buffer, Math.min(limit, buffer.length * 2));
			}
		}
		return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
	}

	/** The original request, with its body replayed from memory. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new IllegalStateException("Fjord reads request bodies synchronously");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
			return new BufferedReader(new InputStreamReader(getInputStream(), Charset.forName(encoding)));
		}
	}
}
