package no.fjord.security.authserver.tokens;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import no.fjord.common.access.AuthorizationEvents;
import no.fjord.common.access.AuthorizationEvents.AuthorizationEvent;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Tells the audit trail about refused requests to the token, introspection and revocation endpoints
 * (bad client credentials, invalid grants, scopes not allowed), then answers with the RFC 6749 error as
 * Spring Authorization Server does.
 */
public final class RefusedTokenRequests implements AuthenticationFailureHandler {

	private final AuthorizationEvents events;
	private final AuthenticationFailureHandler errorResponse = new OAuth2ErrorAuthenticationFailureHandler();

	public RefusedTokenRequests(AuthorizationEvents events) {
		this.events = events;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failure) throws IOException, ServletException {
		String error = failure instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "invalid_request";
		String path = request.getRequestURI();
		String kind = path.endsWith("/introspect") ? "introspect" : path.endsWith("/revoke") ? "revoke" : "token";
		events.record(new AuthorizationEvent(kind, null, clientId(request), null, null, null, null,
				request.getParameter("scope"), error));
		errorResponse.onAuthenticationFailure(request, response, failure);
	}

	/** The client that asked: {@code client_id}, else the user part of HTTP Basic; unread otherwise. */
	private static String clientId(HttpServletRequest request) {
		String clientId = request.getParameter("client_id");
		String authorization = request.getHeader("Authorization");
		if (clientId == null && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				clientId = URLDecoder.decode(colon < 0 ? decoded : decoded.substring(0, colon), StandardCharsets.UTF_8);
			} catch (IllegalArgumentException malformed) {
				return null;
			}
		}
		return clientId == null || clientId.length() > 200 ? null : clientId;
	}
}
