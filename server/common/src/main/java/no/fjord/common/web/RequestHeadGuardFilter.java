package no.fjord.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import no.fjord.common.error.OperationOutcomeResponses;
import no.fjord.common.error.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (400, with an OperationOutcome) a request whose path or headers carry the character U+0000
 * before HAPI sees it: PostgreSQL text cannot hold it, and the path and some headers (the emergency
 * access reason) are written to the audit trail. Search parameters are checked by HAPI's side, where
 * they are parsed (also from form posts).
 */
public final class RequestHeadGuardFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String problem = problemIn(request);
		if (problem != null) {
			OperationOutcomeResponses.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
					OperationOutcomes.error(IssueType.INVALID, problem));
			return;
		}
		chain.doFilter(request, response);
	}

	private static String problemIn(HttpServletRequest request) {
		String path = request.getRequestURI();
		if (path != null && (path.indexOf('\0') >= 0 || path.toLowerCase(Locale.ROOT).contains("%00"))) {
			return "The URL contains the character U+0000 (%00), which FHIR ids cannot hold";
		}
		for (String name : Collections.list(request.getHeaderNames())) {
			for (String value : Collections.list(request.getHeaders(name))) {
				if (value.indexOf('\0') >= 0) {
					return "The header " + name + " contains the character U+0000";
				}
			}
		}
		return null;
	}
}
