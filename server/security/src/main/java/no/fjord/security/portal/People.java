package no.fjord.security.portal;

import java.util.List;
import java.util.Optional;
import no.fjord.security.SecurityProperties.User;
import no.fjord.security.authserver.login.BuiltInUsers;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who is logged in at the authorization server, whichever way they logged in: a person of the built-in
 * list, or one an upstream OpenID Connect provider vouched for, whose FHIR resource was found at login
 * and kept as an authority ({@value #FHIR_USER_AUTHORITY}{@code Practitioner/123}: authorities survive
 * Spring Authorization Server's storage of the login with the authorization, custom principal types
 * would not).
 */
public class People {

	public static final String FHIR_USER_AUTHORITY = "fhirUser:";
	/** The HPR number of health personnel an upstream provider vouched for, kept like the FHIR resource. */
	public static final String HPR_NUMBER_AUTHORITY = "hprNumber:";

	private final BuiltInUsers users;

	public People(BuiltInUsers users) {
		this.users = users;
	}

	/** Whether someone has logged in (an anonymous visitor has not). */
	public static boolean loggedIn(Object principal) {
		return principal instanceof Authentication authentication && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

	public Optional<Person> of(Object principal) {
		if (!loggedIn(principal)) {
			return Optional.empty();
		}
		Authentication authentication = (Authentication) principal;
		Optional<String> upstream = authority(authentication, FHIR_USER_AUTHORITY);
		if (upstream.isPresent()) {
			String name = authentication.getPrincipal() instanceof OidcUser oidc && oidc.getFullName() != null
					? oidc.getFullName() : null;
			return Optional.of(new Person(upstream.get(), name, List.of(),
					authority(authentication, HPR_NUMBER_AUTHORITY).orElse(null)));
		}
		return users.find(authentication.getName()).map(Person::of);
	}

	private static Optional<String> authority(Authentication authentication, String prefix) {
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
				.filter(authority -> authority.startsWith(prefix))
				.map(authority -> authority.substring(prefix.length()))
				.findFirst();
	}

	/**
	 * @param fhirUser {@code Practitioner/..}, {@code Patient/..} or {@code RelatedPerson/..}; name may be null
	 * @param hprNumber the HPR number of health personnel who logged in upstream, or {@code null} (built-in users:
	 *     their Practitioner in storage carries it)
	 */
	public record Person(String fhirUser, String name, List<String> roles, String hprNumber) {

		public boolean isPatientOrRelatedPerson() {
			return fhirUser.startsWith("Patient/") || fhirUser.startsWith("RelatedPerson/");
		}

		static Person of(User user) {
			return new Person(user.fhirUser(), user.name(), user.roles(), null);
		}
	}
}
