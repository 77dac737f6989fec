package no.fjord.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.fjord.security.SecurityProperties.LoginProvider;
import no.fjord.security.authserver.clients.ClientAdminApi;
import no.fjord.security.authserver.launch.LaunchApi;
import no.fjord.security.authserver.login.BuiltInUsers;
import no.fjord.security.authserver.login.UpstreamLogin;
import no.fjord.security.authserver.pages.ConsentPage;
import no.fjord.security.authserver.pages.LoginPage;
import no.fjord.security.authserver.pages.PatientPickerPage;
import no.fjord.security.authserver.tokens.SmartStyle;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.server.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.endpoint.NimbusJwtClientAuthenticationParametersConverter;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The pages people see during a SMART launch (login, consent, patient picker), in a session-based chain
 * of their own, with login by the built-in user list and, when configured, through upstream OpenID
 * Connect providers; and the embedded authorization server's APIs (EHR launch, client registration).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = {"fjord.auth.enabled", "fjord.auth.authorization-server.enabled"},
		havingValue = "true", matchIfMissing = true)
@Import({LoginPage.class, ConsentPage.class, PatientPickerPage.class, LaunchApi.class, ClientAdminApi.class,
		SmartStyle.class})
class LoginPagesConfiguration {

	/**
	 * The login session's cookie (the only cookie Fjord sets) is {@code SameSite=Lax}: other sites' pages
	 * cannot post into a person's session, while the top-level redirect back from an upstream provider
	 * (a cross-site GET) still carries it; Strict would lose the session there. Tomcat already marks it
	 * {@code HttpOnly}, and {@code Secure} when the request came over https (also behind a proxy that sends
	 * {@code X-Forwarded-Proto}, with {@code server.forward-headers-strategy: native}).
	 */
	@Bean
	CookieSameSiteSupplier laxCookies() {
		return CookieSameSiteSupplier.ofLax();
	}

	/** Where people log in through an upstream provider: Spring Security's OAuth2 client endpoints. */
	private static final String UPSTREAM_START = "/oauth2/authorization/**";
	private static final String UPSTREAM_CALLBACK = "/login/oauth2/code/**";
	/** Pages for people logged in here, contributed by other modules (the patient's access log). */
	private static final String PORTAL = "/portal/**";

	@Bean
	@Order(2)
	SecurityFilterChain loginPagesChain(HttpSecurity http, BuiltInUsers users, SecurityProperties properties,
			DaoRegistry daos) throws Exception {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		http.securityMatcher(new OrRequestMatcher(paths.matcher(LoginPage.LOGIN_PATH), paths.matcher("/logout"),
						paths.matcher(ConsentPage.PATH), paths.matcher(PatientPickerPage.PATH),
						paths.matcher(UPSTREAM_START), paths.matcher(UPSTREAM_CALLBACK), paths.matcher(PORTAL)))
				.userDetailsService(users)
				.authorizeHttpRequests(authorize -> authorize
						.requestMatchers(paths.matcher(LoginPage.LOGIN_PATH), paths.matcher(UPSTREAM_START),
								paths.matcher(UPSTREAM_CALLBACK)).permitAll()
						.anyRequest().authenticated())
				.formLogin(login -> login.loginPage(LoginPage.LOGIN_PATH).permitAll())
				.headers(headers -> headers.frameOptions(frame -> frame.deny()));
		if (!properties.loginProviders().isEmpty()) {
			http.oauth2Login(login -> login
					.loginPage(LoginPage.LOGIN_PATH)
					.clientRegistrationRepository(upstreamProviders(properties.loginProviders()))
					.tokenEndpoint(token -> token.accessTokenResponseClient(tokenClient(properties.loginProviders())))
					.userInfoEndpoint(userInfo -> userInfo.oidcUserService(
							new UpstreamLogin(properties.loginProviders(), daos))));
		}
		return http.build();
	}

	/** Token requests to the providers, with a signed client assertion for those given a private key. */
	private static RestClientAuthorizationCodeTokenResponseClient tokenClient(List<LoginProvider> providers) {
		Map<String, JWK> keys = new HashMap<>();
		for (LoginProvider provider : providers) {
			if (provider.clientPrivateKey() != null) {
				try {
					keys.put(provider.id(), JWK.parse(provider.clientPrivateKey()));
				} catch (ParseException e) {
					throw new IllegalArgumentException("fjord.auth.login-providers: client-private-key of " + provider.id()
							+ " is not a JSON Web Key", e);
				}
			}
		}
		RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
		client.addParametersConverter(new NimbusJwtClientAuthenticationParametersConverter<>(
				registration -> keys.get(registration.getRegistrationId())));
		return client;
	}

	/** The upstream providers, each read from its discovery document at start. */
	private static ClientRegistrationRepository upstreamProviders(List<LoginProvider> providers) {
		return new InMemoryClientRegistrationRepository(providers.stream()
				.map(provider -> ClientRegistrations.fromIssuerLocation(provider.issuer())
						.registrationId(provider.id())
						.clientName(provider.name() != null ? provider.name() : provider.id())
						.clientId(provider.clientId())
						.clientSecret(provider.clientSecret())
						.clientAuthenticationMethod(provider.clientPrivateKey() != null
								? ClientAuthenticationMethod.PRIVATE_KEY_JWT : ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
						.scope(provider.scopes())
						.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
						.build())
				.toList());
	}
}
