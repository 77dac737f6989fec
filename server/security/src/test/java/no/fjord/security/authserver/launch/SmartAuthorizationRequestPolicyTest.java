package no.fjord.security.authserver.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

class SmartAuthorizationRequestPolicyTest {

	private static final String FHIR_BASE = "https://fjord.example/fhir";
	private static final String REDIRECT = "https://app.example/callback";
	private static final RegisteredClient APP = RegisteredClient.withId("1").clientId("app")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri(REDIRECT)
			.scopes(scopes -> scopes.addAll(Set.of("openid", "launch", "patient/*.rs", "user/*.rs"))).build();

	private boolean patient;
	private final SmartAuthorizationRequestPolicy policy = new SmartAuthorizationRequestPolicy(() -> FHIR_BASE,
			principal -> patient, "known-launch"::equals);

	@Test
	void aRequestWithinTheClientsRegistrationForThisServerPasses() {
		assertThatCode(() -> policy.accept(request(Set.of("openid", "patient/Observation.rs"), FHIR_BASE + "/", null)))
				.doesNotThrowAnyException();
		assertThatCode(() -> policy.accept(request(Set.of("launch", "user/*.rs"), FHIR_BASE, "known-launch")))
				.doesNotThrowAnyException();
	}

	@Test
	void aScopeTheClientIsNotRegisteredForIsInvalidScope() {
		assertThatThrownBy(() -> policy.accept(request(Set.of("system/*.rs"), FHIR_BASE, null)))
				.satisfies(error -> assertError(error, "invalid_scope", "system/*.rs"));
	}

	@Test
	void anAudienceOtherThanThisServerIsInvalidRequest() {
		assertThatThrownBy(() -> policy.accept(request(Set.of("patient/*.rs"), "https://elsewhere.example/fhir", null)))
				.satisfies(error -> assertError(error, "invalid_request", "aud must be this server's FHIR base URL"));
		assertThatThrownBy(() -> policy.accept(request(Set.of("patient/*.rs"), null, null)))
				.satisfies(error -> assertError(error, "invalid_request", "aud"));
	}

	@Test
	void patientsAndRelativesCannotAskForUserScopes() {
		patient = true;

		assertThatThrownBy(() -> policy.accept(request(Set.of("user/*.rs"), FHIR_BASE, null)))
				.satisfies(error -> assertError(error, "invalid_scope", "user/ scopes are for health personnel"));
		assertThatCode(() -> policy.accept(request(Set.of("patient/*.rs"), FHIR_BASE, null))).doesNotThrowAnyException();
	}

	@Test
	void anUnknownLaunchIsInvalidRequest() {
		assertThatThrownBy(() -> policy.accept(request(Set.of("launch"), FHIR_BASE, "made-up")))
				.satisfies(error -> assertError(error, "invalid_request", "Unknown or expired launch value"));
	}

	@Test
	void anUnregisteredRedirectUriIsRefusedFirst() {
		OAuth2AuthorizationCodeRequestAuthenticationToken token = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				"https://fjord.example/oauth2/authorize", "app", person(), "https://evil.example/callback", "state",
				Set.of("system/*.rs"), Map.of());

		assertThatThrownBy(() -> policy.accept(OAuth2AuthorizationCodeRequestAuthenticationContext.with(token)
				.registeredClient(APP).build()))
				.satisfies(error -> assertError(error, "invalid_request", "redirect_uri"));
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationContext request(Set<String> scopes, String audience,
			String launch) {
		Map<String, Object> parameters = new HashMap<>();
		if (audience != null) {
			parameters.put("aud", audience);
		}
		if (launch != null) {
			parameters.put("launch", launch);
		}
		OAuth2AuthorizationCodeRequestAuthenticationToken token = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				"https://fjord.example/oauth2/authorize", "app", person(), REDIRECT, "state", scopes, parameters);
		return OAuth2AuthorizationCodeRequestAuthenticationContext.with(token).registeredClient(APP).build();
	}

	private static TestingAuthenticationToken person() {
		TestingAuthenticationToken person = new TestingAuthenticationToken("lege", null, "ROLE_USER");
		person.setAuthenticated(true);
		return person;
	}

	private static void assertError(Throwable error, String code, String description) {
		assertThat(error).isInstanceOf(OAuth2AuthenticationException.class);
		OAuth2AuthenticationException oauth = (OAuth2AuthenticationException) error;
		assertThat(oauth.getError().getErrorCode()).isEqualTo(code);
		assertThat(oauth.getError().getDescription()).contains(description);
	}
}
