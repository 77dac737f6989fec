package no.fjord.security.authserver.launch;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import no.fjord.security.authserver.pages.PatientPickerPage;
import no.fjord.security.portal.People;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A standalone launch asking for {@code launch/patient} needs a patient chosen before the app is
 * authorized: a logged-in patient is their own context, anyone else is sent to the patient picker.
 * Either way the choice becomes a {@code launch} value added to the authorization request, so the rest
 * of the flow is the same as an EHR launch.
 */
public class StandaloneLaunchFilter extends OncePerRequestFilter {

	public static final String AUTHORIZE_PATH = "/oauth2/authorize";

	private final LaunchContexts launches;
	private final People people;

	public StandaloneLaunchFilter(LaunchContexts launches, People people) {
		this.launches = launches;
		this.people = people;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String scope = request.getParameter("scope");
		return !AUTHORIZE_PATH.equals(request.getServletPath())
				|| request.getParameter("response_type") == null
				|| request.getParameter("launch") != null
				|| scope == null
				|| Arrays.stream(scope.split(" ")).noneMatch("launch/patient"::equals);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!People.loggedIn(authentication)) {
			chain.doFilter(request, response);
			return;
		}
		String query = queryOf(request.getParameterMap());
		Optional<String> ownPatient = people.of(authentication)
				.map(People.Person::fhirUser)
				.filter(reference -> reference.startsWith("Patient/"))
				.map(reference -> reference.substring("Patient/".length()));
		if (ownPatient.isPresent()) {
			String launch = launches.create(ownPatient.get(), null, "standalone:" + authentication.getName());
			response.sendRedirect(AUTHORIZE_PATH + "?" + query + "&launch=" + launch);
		} else {
			response.sendRedirect(PatientPickerPage.PATH + "?continue=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
		}
	}

	/** The authorization request's parameters (from the URL or a POSTed form) as a query string. */
	static String queryOf(Map<String, String[]> parameters) {
		return parameters.entrySet().stream()
				// not the CSRF token, nor the marker Spring's saved-request cache adds after login
				.filter(entry -> !entry.getKey().startsWith("_csrf") && !entry.getKey().equals("continue"))
				.flatMap(entry -> Arrays.stream(entry.getValue()).map(value -> encode(entry.getKey()) + "=" + encode(value)))
				.collect(Collectors.joining("&"));
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}
}
