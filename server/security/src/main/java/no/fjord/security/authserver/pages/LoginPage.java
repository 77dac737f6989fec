package no.fjord.security.authserver.pages;

import static no.fjord.security.authserver.pages.HtmlPage.csrfField;
import static no.fjord.security.authserver.pages.HtmlPage.text;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form of the built-in user list; Spring Security handles the POST. */
@Controller
public class LoginPage {

	public static final String LOGIN_PATH = "/login";

	@GetMapping(LOGIN_PATH)
	ResponseEntity<String> login(HttpServletRequest request) {
		String error = request.getParameter("error") == null ? ""
				: "<p class=\"error\" role=\"alert\">" + text(request, "Feil brukernavn eller passord.",
						"Wrong username or password.") + "</p>\n";
		String body = error
				+ "<form method=\"post\" action=\"" + LOGIN_PATH + "\">\n"
				+ csrfField(request)
				+ "<label for=\"username\">" + text(request, "Brukernavn", "Username") + "</label>\n"
				+ "<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>\n"
				+ "<label for=\"password\">" + text(request, "Passord", "Password") + "</label>\n"
				+ "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>\n"
				+ "<button type=\"submit\">" + text(request, "Logg inn", "Log in") + "</button>\n"
				+ "</form>";
		return HtmlPage.render(request, text(request, "Logg inn", "Log in"), body);
	}
}
