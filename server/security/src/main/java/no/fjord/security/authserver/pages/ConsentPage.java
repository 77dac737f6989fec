package no.fjord.security.authserver.pages;

import static no.fjord.security.portal.HtmlPage.csrfField;
import static no.fjord.security.portal.HtmlPage.escape;
import static no.fjord.security.portal.HtmlPage.text;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Optional;
import no.fjord.security.portal.HtmlPage;
import no.fjord.security.scope.Permission;
import no.fjord.security.scope.SmartScope;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Asks the person to approve what an app asked for, scope by scope in plain words. Approving posts the
 * chosen scopes back to the authorization endpoint; declining sends none, so the app gets
 * {@code access_denied}.
 */
@Controller
public class ConsentPage {

	public static final String PATH = "/smart/consent";

	private final RegisteredClientRepository clients;

	public ConsentPage(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	@GetMapping(PATH)
	ResponseEntity<String> consent(HttpServletRequest request,
			@RequestParam(OAuth2ParameterNames.CLIENT_ID) String clientId,
			@RequestParam(OAuth2ParameterNames.SCOPE) String scope,
			@RequestParam(OAuth2ParameterNames.STATE) String state) {
		RegisteredClient client = clients.findByClientId(clientId);
		String appName = client == null ? clientId : client.getClientName();
		StringBuilder items = new StringBuilder();
		for (String requested : scope.split(" ")) {
			if (requested.isBlank() || requested.equals("openid")) {
				continue;
			}
			items.append("<li><label style=\"font-weight:normal\"><input type=\"checkbox\" name=\"scope\" value=\"")
					.append(escape(requested)).append("\" checked> ").append(escape(describe(request, requested)))
					.append(" <code>").append(escape(requested)).append("</code></label></li>\n");
		}
		String body = "<p>" + escape(text(request, "Appen «" + appName + "» ber om tilgang til:",
				"The app “" + appName + "” asks for access to:")) + "</p>\n"
				+ "<form method=\"post\" action=\"/oauth2/authorize\">\n" + csrfField(request)
				+ "<input type=\"hidden\" name=\"client_id\" value=\"" + escape(clientId) + "\">\n"
				+ "<input type=\"hidden\" name=\"state\" value=\"" + escape(state) + "\">\n"
				+ "<fieldset><legend>" + text(request, "Tilganger", "Permissions") + "</legend><ul>\n" + items
				+ "</ul></fieldset>\n"
				+ "<button type=\"submit\">" + text(request, "Gi tilgang", "Allow") + "</button>\n</form>\n"
				+ "<form method=\"post\" action=\"/oauth2/authorize\">\n" + csrfField(request)
				+ "<input type=\"hidden\" name=\"client_id\" value=\"" + escape(clientId) + "\">\n"
				+ "<input type=\"hidden\" name=\"state\" value=\"" + escape(state) + "\">\n"
				+ "<button type=\"submit\" class=\"secondary\">" + text(request, "Avslå", "Decline") + "</button>\n</form>";
		return HtmlPage.render(request, text(request, "Gi tilgang til app", "Allow app access"), body);
	}

	static String describe(HttpServletRequest request, String scope) {
		Optional<SmartScope> parsed = SmartScope.parse(scope);
		if (parsed.isEmpty()) {
			return switch (scope) {
				case "launch/patient", "launch" -> text(request, "Vite hvilken pasient det gjelder", "Know which patient is in context");
				case "launch/encounter" -> text(request, "Vite hvilken kontakt det gjelder", "Know which encounter is in context");
				case "fhirUser", "profile" -> text(request, "Vite hvem du er", "Know who you are");
				case "offline_access" -> text(request, "Beholde tilgangen når du ikke er pålogget", "Keep access while you are not logged in");
				case "online_access" -> text(request, "Beholde tilgangen mens du er pålogget", "Keep access while you are logged in");
				default -> scope;
			};
		}
		SmartScope smart = parsed.get();
		String what = SmartScope.ANY_TYPE.equals(smart.resourceType()) ? text(request, "alle opplysninger", "all data")
				: smart.resourceType();
		boolean writes = Arrays.stream(Permission.values()).anyMatch(p -> p != Permission.READ
				&& p != Permission.SEARCH && smart.permissions().contains(p));
		String verb = writes ? text(request, "Lese og endre", "Read and change") : text(request, "Lese", "Read");
		String whose = switch (smart.context()) {
			case PATIENT -> text(request, " for pasienten", " for the patient");
			case USER -> text(request, " som du har tilgang til", " you have access to");
			case SYSTEM -> "";
		};
		return verb + " " + what + whose;
	}
}
