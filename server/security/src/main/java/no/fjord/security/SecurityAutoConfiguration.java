package no.fjord.security;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.searchparam.matcher.AuthorizationSearchParamMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import no.fjord.common.ModuleSwitchedOff;
import no.fjord.common.fhir.FhirRestProperties;
import no.fjord.common.fhir.FhirServerCustomizer;
import no.fjord.security.authserver.AuthorizationServerConfiguration;
import no.fjord.security.authserver.tokens.SigningKeys;
import no.fjord.security.discovery.CapabilityStatementSecurity;
import no.fjord.security.discovery.SmartConfiguration;
import no.fjord.security.discovery.SmartConfigurationServlet;
import no.fjord.security.enforcement.ExportOwnership;
import no.fjord.security.enforcement.HistoryScopeInterceptor;
import no.fjord.security.enforcement.MatchUrlInterceptor;
import no.fjord.security.enforcement.PatientSearchNarrowing;
import no.fjord.security.enforcement.ResourceReadAccess;
import no.fjord.security.enforcement.SmartAuthorizationInterceptor;
import no.fjord.security.resource.FhirAuthenticationFailures;
import no.fjord.security.resource.ServerUrls;
import no.fjord.security.resource.TokenVerification;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * SMART on FHIR for the whole server: tokens are verified for every request except discovery, the
 * FHIR endpoint enforces the token's scopes on every interaction, and (unless turned off) Fjord runs its
 * own authorization server. {@code fjord.auth.enabled=false} turns all of it off, for development only.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
@Import({AuthorizationServerConfiguration.class, LoginPagesConfiguration.class})
public class SecurityAutoConfiguration {


	/** Reachable without a token: SMART discovery, the CapabilityStatement and the health probes. */
	static final String[] PUBLIC_PATHS = {"/fhir/metadata", "/fhir/.well-known/smart-configuration",
			"/.well-known/smart-configuration", "/actuator/health", "/actuator/health/liveness",
			"/actuator/health/readiness", "/smart/style.json", "/error"};

	/**
	 * Subscription notifications over websockets. Browsers cannot send a token with the upgrade, so it needs
	 * none; a connection binds to a subscription with a binding token, or with the bearer token an upgrade
	 * did carry, which is verified here like any other (a bad one is refused with 401).
	 */
	static final String WEBSOCKET_PATH = "/fhir/websocket";

	@Bean
	ServerUrls serverUrls(SecurityProperties properties, FhirRestProperties fhir) {
		return new ServerUrls(properties.issuer(), fhir.serverAddress());
	}

	@Bean
	SmartConfiguration smartConfiguration(ServerUrls urls, SecurityProperties properties) {
		boolean ownServer = properties.authorizationServer().enabled();
		Optional<String> external = ownServer ? Optional.empty()
				: properties.externalIssuers().stream().map(SecurityProperties.ExternalIssuer::issuer).findFirst();
		return new SmartConfiguration(urls, external, properties.externalCapabilities());
	}

	@Bean
	ServletRegistrationBean<SmartConfigurationServlet> smartConfigurationServlet(SmartConfiguration configuration) {
		ServletRegistrationBean<SmartConfigurationServlet> registration = new ServletRegistrationBean<>(
				new SmartConfigurationServlet(configuration), "/fhir/.well-known/smart-configuration",
				"/.well-known/smart-configuration");
		registration.setName("smartConfiguration");
		return registration;
	}

	/** Browser apps call the FHIR API and the token endpoint from their own origins; tokens, not cookies, carry access. */
	@Bean
	CorsConfigurationSource corsConfigurationSource() {
		CorsConfiguration cors = new CorsConfiguration();
		cors.addAllowedOriginPattern("*");
		cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "DPoP", "If-Match",
				"If-None-Match", "If-None-Exist", "If-Modified-Since", "Prefer", "X-Request-Id"));
		cors.setExposedHeaders(List.of("Location", "ETag", "Content-Location", "Last-Modified", "WWW-Authenticate",
				"X-Request-Id", "DPoP-Nonce"));
		cors.setAllowCredentials(false);
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

	@Bean
	@ConditionalOnProperty(name = "fjord.auth.enabled", havingValue = "true", matchIfMissing = true)
	TokenVerification tokenVerification(ServerUrls urls, ObjectProvider<SigningKeys> ownKeys,
			SecurityProperties properties) {
		return new TokenVerification(urls, Optional.ofNullable(ownKeys.getIfAvailable()), properties.externalIssuers());
	}

	@Bean
	@Order(3)
	@ConditionalOnProperty(name = "fjord.auth.enabled", havingValue = "true", matchIfMissing = true)
	SecurityFilterChain apiChain(HttpSecurity http, TokenVerification tokens)
			throws Exception {
		FhirAuthenticationFailures failures = new FhirAuthenticationFailures();
		http.securityMatcher("/**")
				.csrf(csrf -> csrf.disable())
				.cors(org.springframework.security.config.Customizer.withDefaults())
				.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache(cache -> cache.disable())
				// plain path matchers: the MVC-aware default asks Spring MVC's handler mappings on every request
				.authorizeHttpRequests(authorize -> authorize
						.requestMatchers(paths(PUBLIC_PATHS)).permitAll()
						.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, WEBSOCKET_PATH)).permitAll()
						.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.OPTIONS, "/**")).permitAll()
						.requestMatchers(paths("/admin/**", "/actuator/**")).hasRole("ADMIN")
						.anyRequest().authenticated())
				.oauth2ResourceServer(resourceServer -> resourceServer
						.authenticationManagerResolver(tokens)
						.authenticationEntryPoint(failures)
						.accessDeniedHandler(failures))
				.exceptionHandling(exceptions -> exceptions
						.authenticationEntryPoint(failures)
						.accessDeniedHandler(failures));
		return http.build();
	}

	private static RequestMatcher[] paths(String... patterns) {
		return Arrays.stream(patterns).map(PathPatternRequestMatcher.withDefaults()::matcher).toArray(RequestMatcher[]::new);
	}

	@Bean
	@Order(3)
	@ConditionalOnProperty(name = "fjord.auth.enabled", havingValue = "false")
	SecurityFilterChain openChain(HttpSecurity http) throws Exception {
		http.csrf(csrf -> csrf.disable()).authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	@ConditionalOnProperty(name = "fjord.auth.enabled", havingValue = "false")
	ModuleSwitchedOff authenticationSwitchedOff() {
		return ModuleSwitchedOff.warn("AUTHENTICATION", "fjord.auth.enabled",
				"anyone who can reach this server can read and change every record. For development only.");
	}

	/** For work done on a caller's behalf outside their request (subscription notifications). */
	@Bean
	ResourceReadAccess resourceReadAccess(FhirContext context, ObjectProvider<SearchParamMatcher> matcher) {
		return new ResourceReadAccess(context, new AuthorizationSearchParamMatcher(matcher.getObject()));
	}

	@Bean
	@Order(30)
	@ConditionalOnProperty(name = "fjord.auth.enabled", havingValue = "true", matchIfMissing = true)
	FhirServerCustomizer smartEnforcement(ObjectProvider<SearchParamMatcher> matcher, SmartConfiguration configuration,
			ObjectProvider<IJobCoordinator> jobs) {
		return server -> {
			server.registerInterceptor(new ExportOwnership(server.getFhirContext(), jobs.getObject()));
			SmartAuthorizationInterceptor authorization = new SmartAuthorizationInterceptor();
			authorization.setAuthorizationSearchParamMatcher(new AuthorizationSearchParamMatcher(matcher.getObject()));
			server.registerInterceptor(authorization);
			server.registerInterceptor(new PatientSearchNarrowing());
			server.registerInterceptor(new MatchUrlInterceptor(server.getFhirContext(), authorization));
			server.registerInterceptor(new HistoryScopeInterceptor());
			server.registerInterceptor(new CapabilityStatementSecurity(configuration));
		};
	}
}
