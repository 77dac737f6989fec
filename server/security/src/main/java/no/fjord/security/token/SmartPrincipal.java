package no.fjord.security.token;

import java.util.Optional;
import no.fjord.security.scope.GrantedScopes;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling and what the token lets them do, read once from the token whatever its issuer.
 *
 * @param subject the user, or the client for Backend Services tokens
 * @param clientId the app the token was issued to, when the token says
 * @param patient the launch patient's id ({@code 123}, not {@code Patient/123})
 * @param encounter the launch encounter's id
 * @param fhirUser the user's FHIR resource ({@code Practitioner/123})
 * @param personIdentifier the user's fødselsnummer or D-nummer (HelseID {@code pid})
 * @param hprNumber the user's HPR number
 * @param organisation the organisation number the caller acts for
 */
public record SmartPrincipal(String issuer, String subject, Optional<String> clientId, GrantedScopes scopes,
		Optional<String> patient, Optional<String> encounter, Optional<String> fhirUser,
		Optional<String> personIdentifier, Optional<String> hprNumber, Optional<String> organisation) {

	/** The scope that lets a client administer Fjord: register clients, load terminology. */
	public static final String ADMIN_SCOPE = "fjord.admin";

	/** The caller of the request being handled on this thread, when it came with a verified token. */
	public static Optional<SmartPrincipal> current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication instanceof SmartAuthentication smart ? Optional.of(smart.smart()) : Optional.empty();
	}

	/** The type of the user's FHIR resource ({@code Practitioner}, {@code Patient}...), when the token names one. */
	public Optional<String> userType() {
		return fhirUser.map(user -> new IdType(user).getResourceType());
	}

	public boolean isAdministrator() {
		return scopes.otherScopes().contains(ADMIN_SCOPE);
	}
}
