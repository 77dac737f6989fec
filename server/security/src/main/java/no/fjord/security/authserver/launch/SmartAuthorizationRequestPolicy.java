package no.fjord.security.authserver.launch;

import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import no.fjord.security.authserver.tokens.ScopeCoverage;
import no.fjord.security.portal.People;
import no.fjord.security.resource.ServerUrls;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;

/**
 * What a SMART authorization request ({@code /oauth2/authorize}) must satisfy beyond OAuth 2.0
 * (<a href="https://hl7.org/fhir/smart-app-launch/app-launch.html#obtain-authorization-code">SMART App
 * Launch, "Obtain authorization code"</a>): a registered redirect URI (Spring Authorization Server's
 * default rule), only scopes the client is registered for, {@code aud} naming this server's FHIR base URL,
 * no {@code user/} scopes for patients and their relatives, and a {@code launch} value that exists.
 * Refusals are RFC 6749 errors ({@code invalid_scope}, {@code invalid_request}) sent to the redirect URI.
 */
public final class SmartAuthorizationRequestPolicy
		implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private final Supplier<String> fhirBase;
	private final Predicate<Object> patientOrRelative;
	private final Predicate<String> launchExists;

	/**
	 * @param fhirBase this server's FHIR base URL for the request being handled
	 * @param patientOrRelative whether the logged-in principal is a patient or a patient's relative
	 * @param launchExists whether a {@code launch} value is known and not expired
	 */
	public SmartAuthorizationRequestPolicy(Supplier<String> fhirBase, Predicate<Object> patientOrRelative,
			Predicate<String> launchExists) {
		this.fhirBase = fhirBase;
		this.patientOrRelative = patientOrRelative;
		this.launchExists = launchExists;
	}

	/** The policy as Fjord runs it: URLs of the current request, people and launches of this server. */
	public static SmartAuthorizationRequestPolicy of(ServerUrls urls, People people, LaunchContexts launches) {
		return new SmartAuthorizationRequestPolicy(() -> urls.fhirBase(ServerUrls.currentRequest()),
				principal -> people.of(principal).filter(People.Person::isPatientOrRelatedPerson).isPresent(),
				launch -> launches.find(launch).isPresent());
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR.accept(context);
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		for (String scope : request.getScopes()) {
			if (!ScopeCoverage.covers(context.getRegisteredClient().getScopes(), scope)) {
				throw rejected(request, OAuth2ErrorCodes.INVALID_SCOPE,
						"The client is not registered for the scope " + scope);
			}
		}
		Object audience = request.getAdditionalParameters().get("aud");
		String base = fhirBase.get();
		if (audience == null || !base.equals(ServerUrls.withoutTrailingSlash(audience.toString()))) {
			throw rejected(request, OAuth2ErrorCodes.INVALID_REQUEST, "aud must be this server's FHIR base URL, " + base);
		}
		if (patientOrRelative.test(request.getPrincipal())
				&& request.getScopes().stream().anyMatch(scope -> scope.startsWith("user/"))) {
			throw rejected(request, OAuth2ErrorCodes.INVALID_SCOPE,
					"user/ scopes are for health personnel; patients and their relatives ask for patient/ scopes");
		}
		Object launch = request.getAdditionalParameters().get("launch");
		if (launch != null && !launchExists.test(launch.toString())) {
			throw rejected(request, OAuth2ErrorCodes.INVALID_REQUEST, "Unknown or expired launch value");
		}
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationException rejected(
			OAuth2AuthorizationCodeRequestAuthenticationToken request, String code, String description) {
		return new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(code, description, null), request);
	}
}
