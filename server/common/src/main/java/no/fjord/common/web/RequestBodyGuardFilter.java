package no.fjord.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
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
		// multipart is not FHIR; the servlet container bounds it (max-part-count, max-http-form-post-size)
		return !hasBody || isMultipart(request.getContentType());
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

	private static boolean isMultipart(String contentType) {
		return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
	}

	/** A form post (POST {@code _search}), whose parameters are in the body. */
	static boolean isUrlEncodedForm(String contentType) {
		return contentType != null
				&& contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
	}
}
