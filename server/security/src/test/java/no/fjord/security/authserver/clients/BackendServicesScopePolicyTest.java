package no.fjord.security.authserver.clients;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

class BackendServicesScopePolicyTest {

	private static final RegisteredClient LOADER = RegisteredClient.withId("1").clientId("loader")
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes(scopes -> scopes.addAll(Set.of("system/*.cruds", "openid"))).build();

	private final BackendServicesScopePolicy policy = new BackendServicesScopePolicy();

	@Test
	void registeredSystemScopesPass() {
		assertThatCode(() -> policy.accept(request(Set.of("system/Patient.rs", "system/*.cruds"))))
				.doesNotThrowAnyException();
	}

	@Test
	void withoutScopeTheRequestIsInvalidScope() {
		assertThatThrownBy(() -> policy.accept(request(Set.of())))
				.isInstanceOf(OAuth2AuthenticationException.class).hasMessageContaining("scope is required")
				.extracting(error -> ((OAuth2AuthenticationException) error).getError().getErrorCode())
				.isEqualTo("invalid_scope");
	}

	@Test
	void anUnregisteredScopeIsInvalidScope() {
		assertThatThrownBy(() -> policy.accept(request(Set.of("user/*.rs"))))
				.isInstanceOf(OAuth2AuthenticationException.class).hasMessageContaining("user/*.rs");
	}

	@Test
	void scopesForAUserOrLaunchAreRefusedEvenWhenRegistered() {
		assertThatThrownBy(() -> policy.accept(request(Set.of("system/*.rs", "openid"))))
				.isInstanceOf(OAuth2AuthenticationException.class).hasMessageContaining("openid");
	}

	private static OAuth2ClientCredentialsAuthenticationContext request(Set<String> scopes) {
		OAuth2ClientAuthenticationToken client =
				new OAuth2ClientAuthenticationToken(LOADER, ClientAuthenticationMethod.PRIVATE_KEY_JWT, null);
		return OAuth2ClientCredentialsAuthenticationContext
				.with(new OAuth2ClientCredentialsAuthenticationToken(client, scopes, Map.of()))
				.registeredClient(LOADER).build();
	}
}
