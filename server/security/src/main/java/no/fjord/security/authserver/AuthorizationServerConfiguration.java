package no.fjord.security.authserver;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.util.Set;
import no.fjord.common.access.AuthorizationEvents;
import no.fjord.security.SecurityProperties;
import no.fjord.security.authserver.clients.BackendServicesScopePolicy;
import no.fjord.security.authserver.clients.ClientAssertions;
import no.fjord.security.authserver.clients.ClientIdFromAssertionFilter;
import no.fjord.security.authserver.clients.ClientRegistrations;
import no.fjord.security.authserver.launch.LaunchContexts;
import no.fjord.security.authserver.launch.PostedAuthorizationRequestFilter;
import no.fjord.security.authserver.launch.SmartAuthorizationRequestPolicy;
import no.fjord.security.authserver.launch.StandaloneLaunchFilter;
import no.fjord.security.authserver.login.BuiltInUsers;
import no.fjord.security.authserver.pages.ConsentPage;
import no.fjord.security.authserver.pages.LoginPage;
import no.fjord.security.authserver.tokens.RefusedTokenRequests;
import no.fjord.security.authserver.tokens.SigningKeys;
import no.fjord.security.authserver.tokens.SmartTokens;
import no.fjord.security.portal.People;
import no.fjord.security.resource.ServerUrls;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Fjord's own SMART authorization server (Spring Authorization Server), on unless
 * {@code fjord.auth.authorization-server.enabled=false}: authorize (GET and POST, PKCE S256 required of
 * public clients), token (authorization code, refresh token, client credentials with
 * {@code private_key_jwt}), introspection, revocation, JWKS and OpenID Connect, with clients,
 * authorizations and consents in PostgreSQL.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = {"fjord.auth.enabled", "fjord.auth.authorization-server.enabled"},
		havingValue = "true", matchIfMissing = true)
public class AuthorizationServerConfiguration {

	@Bean
	Clock securityClock() {
		return Clock.systemUTC();
	}

	@Bean
	SecuritySchema securitySchema(javax.sql.DataSource dataSource) {
		return new SecuritySchema(dataSource);
	}

	@Bean
	SigningKeys signingKeys(JdbcTemplate jdbc, SecuritySchema schema, SecurityProperties properties, Clock clock) {
		return new SigningKeys(jdbc, properties.authorizationServer().signingKeyRotation(), clock);
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc, SecuritySchema schema) {
		return new JdbcRegisteredClientRepository(jdbc);
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationService(jdbc, clients);
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcTemplate jdbc,
			RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	ClientRegistrations clientRegistrations(RegisteredClientRepository clients, PasswordEncoder passwords,
			SecurityProperties properties) {
		ClientRegistrations registrations = new ClientRegistrations(clients, passwords, properties.authorizationServer());
		registrations.registerAtStart(properties.clients());
		return registrations;
	}

	@Bean
	LaunchContexts launchContexts(JdbcTemplate jdbc, SecuritySchema schema, SecurityProperties properties,
			Clock clock) {
		return new LaunchContexts(jdbc, properties.authorizationServer().launchTimeToLive(), clock);
	}

	@Bean
	BuiltInUsers builtInUsers(SecurityProperties properties) {
		return new BuiltInUsers(properties.users());
	}

	@Bean
	People people(BuiltInUsers users) {
		return new People(users);
	}

	/**
	 * As an {@code OAuth2TokenCustomizer} bean, Spring Authorization Server applies it after its own
	 * (which binds DPoP tokens with {@code cnf}) to every JWT it issues.
	 */
	@Bean
	SmartTokens smartTokens(SigningKeys keys, LaunchContexts launches, People people, ServerUrls urls,
			ObjectProvider<AuthorizationEvents> events) {
		return new SmartTokens(keys, launches, people, urls, events.getIfAvailable(() -> AuthorizationEvents.NONE));
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(SecurityProperties properties) {
		AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
		if (properties.issuer() != null) {
			settings.issuer(properties.issuer().toString());
		}
		return settings.build();
	}

	/** Spring Authorization Server signs tokens with these keys and publishes them at {@code /oauth2/jwks}. */
	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
		return keys.source();
	}

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerChain(HttpSecurity http, SmartTokens smartTokens, LaunchContexts launches, JdbcTemplate jdbc, SecurityProperties properties,
			Clock clock, ServerUrls urls, People people, ObjectProvider<AuthorizationEvents> events) throws Exception {
		OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
		RefusedTokenRequests refused = new RefusedTokenRequests(events.getIfAvailable(() -> AuthorizationEvents.NONE));
		ClientAssertions assertions =
				new ClientAssertions(jdbc, properties.authorizationServer().clientAssertionMaxLifetime(), clock);
		OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponse =
				new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
		tokenResponse.setAccessTokenResponseCustomizer(smartTokens::customizeResponse);
		http.securityMatcher(server.getEndpointsMatcher())
				.with(server, configurer -> configurer
						.oidc(Customizer.withDefaults())
						.authorizationEndpoint(endpoint -> endpoint
								.consentPage(ConsentPage.PATH)
								.authenticationProviders(providers -> providers.forEach(provider -> {
									if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequests) {
										codeRequests.setAuthenticationValidator(SmartAuthorizationRequestPolicy.of(urls, people, launches));
									}
								})))
						.tokenEndpoint(endpoint -> endpoint
								.accessTokenResponseHandler(tokenResponse)
								.errorResponseHandler(refused)
								.authenticationProviders(providers -> providers.forEach(provider -> {
									if (provider instanceof OAuth2ClientCredentialsAuthenticationProvider clientCredentials) {
										clientCredentials.setAuthenticationValidator(new BackendServicesScopePolicy());
									}
								})))
						.clientAuthentication(authentication -> authentication
								.errorResponseHandler(refused)
								.authenticationProviders(providers -> providers.forEach(provider -> {
									if (provider instanceof JwtClientAssertionAuthenticationProvider jwtClients) {
										jwtClients.setJwtDecoderFactory(assertions);
									}
								}))))
				.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
				.cors(Customizer.withDefaults())
				.addFilterBefore(new ClientIdFromAssertionFilter(), AbstractPreAuthenticatedProcessingFilter.class)
				.addFilterBefore(new PostedAuthorizationRequestFilter(), AbstractPreAuthenticatedProcessingFilter.class)
				.addFilterBefore(new StandaloneLaunchFilter(launches, people),
						AbstractPreAuthenticatedProcessingFilter.class)
				.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
						new LoginUrlAuthenticationEntryPoint(LoginPage.LOGIN_PATH),
						new MediaTypeRequestMatcher(MediaType.TEXT_HTML, MediaType.ALL)));
		return http.build();
	}
}
