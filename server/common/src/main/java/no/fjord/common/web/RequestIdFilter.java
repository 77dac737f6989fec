package no.fjord.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, puts it in the logging MDC for the request's lifetime and echoes it in
 * the {@code X-Request-Id} response header, so a client's bug report can be matched to log lines.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = RequestIds.acceptOrCreate(request.getHeader(RequestIds.HEADER));
		response.setHeader(RequestIds.HEADER, requestId);
		MDC.put(RequestIds.MDC_KEY, requestId);
		try {
			chain.doFilter(new RequestWithId(request, requestId), response);
		} finally {
			MDC.remove(RequestIds.MDC_KEY);
		}
	}

	/**
	 * Shows later handlers (HAPI among them, which stamps the id into {@code meta.source} and its own
	 * response header) the id chosen here instead of the caller's raw value.
	 */
	private static final class RequestWithId extends HttpServletRequestWrapper {
		private final String requestId;

		RequestWithId(HttpServletRequest request, String requestId) {
			super(request);
			this.requestId = requestId;
		}

		@Override
		public String getHeader(String name) {
			return RequestIds.HEADER.equalsIgnoreCase(name) ? requestId : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return RequestIds.HEADER.equalsIgnoreCase(name)
					? Collections.enumeration(Collections.singletonList(requestId))
					: super.getHeaders(name);
		}
	}
}
