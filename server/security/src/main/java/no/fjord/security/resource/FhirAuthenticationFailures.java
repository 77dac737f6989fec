package no.fjord.security.resource;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import no.fjord.common.error.OperationOutcomeResponses;
import no.fjord.common.error.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * How the FHIR endpoint refuses a request before HAPI sees it: 401 with {@code WWW-Authenticate}
 * (RFC 6750: {@code Bearer error="invalid_token"...}) when the token is missing or bad, 403 when it
 * lacks a needed scope, each with an OperationOutcome saying why.
 */
public class FhirAuthenticationFailures implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failure) throws IOException {
		challenge.commence(request, response, failure);
		String reason = failure instanceof OAuth2AuthenticationException oauth
				&& oauth.getError().getDescription() != null
						? "The access token was refused: " + oauth.getError().getDescription()
						: "This request needs an access token (Authorization: Bearer ...)";
		OperationOutcomeResponses.write(request, response, HttpServletResponse.SC_UNAUTHORIZED,
				OperationOutcomes.error(IssueType.LOGIN, reason));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		OperationOutcomeResponses.write(request, response, HttpServletResponse.SC_FORBIDDEN,
				OperationOutcomes.error(IssueType.FORBIDDEN, "The access token does not allow this request"));
	}
}
