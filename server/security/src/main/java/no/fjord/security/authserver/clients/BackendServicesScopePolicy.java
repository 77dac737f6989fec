package no.fjord.security.authserver.clients;

import java.util.Set;
import java.util.function.Consumer;
import no.fjord.security.authserver.tokens.ScopeCoverage;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;

/**
 * The scopes of a SMART Backend Services token request ({@code client_credentials},
 * <a href="https://hl7.org/fhir/smart-app-launch/backend-services.html#scopes">SMART Backend Services,
 * "Scopes"</a>): at least one, each registered for the client, and none that needs a user or a launch
 * ({@code openid}, {@code launch/patient}, {@code offline_access}...). Else {@code invalid_scope}.
 */
public final class BackendServicesScopePolicy implements Consumer<OAuth2ClientCredentialsAuthenticationContext> {

	/** Scopes about a user, a launch or a session, which a backend client has none of. */
	static final Set<String> CONTEXT_SCOPES = Set.of("openid", "fhirUser", "launch", "launch/patient",
			"launch/encounter", "offline_access", "online_access", "profile");

	@Override
	public void accept(OAuth2ClientCredentialsAuthenticationContext context) {
		OAuth2ClientCredentialsAuthenticationToken request = context.getAuthentication();
		if (request.getScopes().isEmpty()) {
			throw invalidScope("scope is required");
		}
		for (String scope : request.getScopes()) {
			if (!ScopeCoverage.covers(context.getRegisteredClient().getScopes(), scope) || CONTEXT_SCOPES.contains(scope)) {
				throw invalidScope("The client is not registered for the scope " + scope);
			}
		}
	}

	private static OAuth2AuthenticationException invalidScope(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE, description, null));
	}
}
