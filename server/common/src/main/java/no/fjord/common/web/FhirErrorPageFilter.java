package no.fjord.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import no.fjord.common.error.OperationOutcomeResponses;
import no.fjord.common.error.OperationOutcomes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the servlet container's error page with an OperationOutcome for requests to the FHIR
 * endpoint, instead of Spring Boot's error JSON. The container sends a request there when it failed
 * the request itself: a body read that timed out (Tomcat marks the response 400; the body guard's 408
 * refusal is answered here), or an exception thrown past every handler.
 */
public final class FhirErrorPageFilter extends OncePerRequestFilter {

	private final String fhirPath;

	public FhirErrorPageFilter(String fhirPath) {
		this.fhirPath = fhirPath;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri)
				|| !(uri.equals(fhirPath) || uri.startsWith(fhirPath + "/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getAttribute(RequestBodyGuardFilter.REFUSAL_ATTRIBUTE) instanceof RequestBodyRefusal refusal) {
			OperationOutcomeResponses.write(request, response, refusal.status(),
					OperationOutcomes.error(refusal.type(), refusal.getMessage()));
			return;
		}
		int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code
				: HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
		OperationOutcomeResponses.write(request, response, status, OperationOutcomes.forStatus(status));
	}
}
