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
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import no.fjord.common.error.OperationOutcomeResponses;
import no.fjord.common.error.OperationOutcomes;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a request body into memory within its limits and checks it before any parser sees it, answering
 * a refusal with an OperationOutcome: 413 when it is larger than the maximum (also after gzip is
 * expanded), 408 when it does not arrive within the upload deadline, 503 (with {@code Retry-After})
 * when the bodies held by all requests at once would exceed the budget, 400 when it nests absurdly
 * deep or is not what {@link RequestBodyChecks} accepts. The body is read once and handed on from
 * memory, expanded and without its {@code Content-Encoding}; HAPI reads whole bodies anyway.
 * <p>
 * Runs after authentication, so a request without a valid token is refused before its body is read.
 */
public final class RequestBodyGuardFilter extends OncePerRequestFilter {

	/** Where a refusal waits for the container's error page, when the response can no longer carry it. */
	static final String REFUSAL_ATTRIBUTE = RequestBodyGuardFilter.class.getName() + ".refusal";

	private static final String GZIP = "gzip";
	private static final String RETRY_AFTER_SECONDS = "5";

	private final RequestBodyLimits limits;
	private final RequestBodyBudget budget;
	private final RequestBodyReader reader;

	public RequestBodyGuardFilter(RequestBodyLimits limits, RequestBodyBudget budget, Clock clock) {
		this.limits = limits;
		this.budget = budget;
		this.reader = new RequestBodyReader(limits, clock);
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
		try (RequestBodyBudget.Share share = budget.open()) {
			byte[] body;
			boolean gzip = GZIP.equalsIgnoreCase(trim(request.getHeader(HttpHeaders.CONTENT_ENCODING)));
			try {
				body = reader.read(request.getInputStream(), request.getContentLengthLong(), share);
				if (gzip && body.length > 0) {
					body = reader.gunzip(body, share);
				}
				RequestBodyChecks.check(body, request.getContentType(), limits.maxNestingDepth());
			} catch (RequestBodyRefusal refusal) {
				refuse(request, response, refusal);
				return;
			}
			chain.doFilter(new BufferedBodyRequest(request, body, gzip), response);
		}
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, RequestBodyRefusal refusal)
			throws IOException {
		if (response.isCommitted()) {
			// a read that timed out has already failed the response (Tomcat: 400, to its error page),
			// where FhirErrorPageFilter answers with this refusal
			request.setAttribute(REFUSAL_ATTRIBUTE, refusal);
			return;
		}
		if (refusal.status() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
			response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		}
		OperationOutcomeResponses.write(request, response, refusal.status(),
				OperationOutcomes.error(refusal.type(), refusal.getMessage()));
	}

	private static String trim(String value) {
		return value == null ? null : value.trim();
	}

	private static boolean isForm(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.toLowerCase(Locale.ROOT);
		return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
	}

	/** The original request, with its body replayed from memory. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
		private final byte[] body;
		private final boolean expanded;

		BufferedBodyRequest(HttpServletRequest request, byte[] body, boolean expanded) {
			super(request);
			this.body = body;
			this.expanded = expanded;
		}

		/** An expanded gzip body no longer has a Content-Encoding: nobody may expand it again. */
		@Override
		public String getHeader(String name) {
			return expanded && HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return expanded && HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name)
					? Collections.emptyEnumeration()
					: super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			if (!expanded) {
				return super.getHeaderNames();
			}
			List<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(HttpHeaders.CONTENT_ENCODING::equalsIgnoreCase);
			return Collections.enumeration(names);
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
