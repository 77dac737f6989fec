package no.fjord.security.authserver.pages;

import static no.fjord.security.portal.HtmlPage.csrfField;
import static no.fjord.security.portal.HtmlPage.escape;
import static no.fjord.security.portal.HtmlPage.text;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import no.fjord.security.SecurityProperties;
import no.fjord.security.SecurityProperties.LoginProvider;
import no.fjord.security.portal.HtmlPage;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The login page: a button per upstream OpenID Connect provider, and the form of the built-in user list
 * (Spring Security handles the POST).
 */
@Controller
public class LoginPage {

	public static final String LOGIN_PATH = "/login";

	private final List<LoginProvider> providers;
	private final boolean builtInUsers;

	public LoginPage(SecurityProperties properties) {
		this.providers = properties.loginProviders();
		this.builtInUsers = !properties.users().isEmpty();
	}

	@GetMapping(LOGIN_PATH)
	ResponseEntity<String> login(HttpServletRequest request) {
		String error = request.getParameter("error") == null ? ""
				: "<p class=\"error\" role=\"alert\">" + escape(failure(request)) + "</p>\n";
		StringBuilder upstream = new StringBuilder();
		for (LoginProvider provider : providers) {
			String name = provider.name() != null ? provider.name() : provider.id();
			upstream.append("<p><a class=\"button\" href=\"/oauth2/authorization/").append(escape(provider.id()))
					.append("\">").append(escape(text(request, "Logg inn med ", "Log in with ") + name)).append("</a></p>\n");
		}
		String form = !builtInUsers ? ""
				: "<form method=\"post\" action=\"" + LOGIN_PATH + "\">\n"
				+ csrfField(request)
				+ "<label for=\"username\">" + text(request, "Brukernavn", "Username") + "</label>\n"
				+ "<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>\n"
				+ "<label for=\"password\">" + text(request, "Passord", "Password") + "</label>\n"
				+ "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>\n"
				+ "<button type=\"submit\">" + text(request, "Logg inn", "Log in") + "</button>\n"
				+ "</form>";
		String nothing = builtInUsers || !providers.isEmpty() ? ""
				: "<p role=\"status\">" + text(request, "Ingen innlogging er satt opp på denne serveren.",
						"No way to log in is configured on this server.") + "</p>";
		String body = error + upstream + form + nothing;
		return HtmlPage.render(request, text(request, "Logg inn", "Log in"), body);
	}

	/** Why the last login failed: an upstream provider's refusal says why, a wrong password does not. */
	private static String failure(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		Object last = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
		if (last instanceof OAuth2AuthenticationException refused && refused.getError().getDescription() != null) {
			return text(request, "Innloggingen ble avvist: ", "The login was refused: ") + refused.getError().getDescription();
		}
		return text(request, "Feil brukernavn eller passord.", "Wrong username or password.");
	}
}
