package no.fjord.security;

import no.fjord.security.authserver.BuiltInUsers;
import no.fjord.security.authserver.ClientAdminApi;
import no.fjord.security.authserver.LaunchApi;
import no.fjord.security.authserver.SmartStyle;
import no.fjord.security.authserver.pages.ConsentPage;
import no.fjord.security.authserver.pages.LoginPage;
import no.fjord.security.authserver.pages.PatientPickerPage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The pages people see during a SMART launch (login, consent, patient picker), in a session-based chain
 * of their own, and the embedded authorization server's APIs (EHR launch, client registration).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = {"fjord.auth.enabled", "fjord.auth.authorization-server.enabled"},
		havingValue = "true", matchIfMissing = true)
@Import({LoginPage.class, ConsentPage.class, PatientPickerPage.class, LaunchApi.class, ClientAdminApi.class,
		SmartStyle.class})
class LoginPagesConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain loginPagesChain(HttpSecurity http, BuiltInUsers users) throws Exception {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		http.securityMatcher(new OrRequestMatcher(paths.matcher(LoginPage.LOGIN_PATH), paths.matcher("/logout"),
						paths.matcher(ConsentPage.PATH), paths.matcher(PatientPickerPage.PATH)))
				.userDetailsService(users)
				.authorizeHttpRequests(authorize -> authorize
						.requestMatchers(paths.matcher(LoginPage.LOGIN_PATH)).permitAll()
						.anyRequest().authenticated())
				.formLogin(login -> login.loginPage(LoginPage.LOGIN_PATH).permitAll())
				.headers(headers -> headers.frameOptions(frame -> frame.deny()));
		return http.build();
	}
}
