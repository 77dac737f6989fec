package no.fjord.security.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import no.fjord.security.SecurityProperties.ClaimNames;
import no.fjord.security.scope.GrantedScopes;
import no.fjord.security.scope.SmartScope;
import no.fjord.security.scope.SmartScope.Context;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads a {@link SmartPrincipal} from a verified JWT with an issuer's claim names. SMART's own names
 * ({@code scope}, {@code patient}, {@code fhirUser}) are the default; HelseID's are known too.
 */
public final class SmartClaims {

	private SmartClaims() {}

	public static SmartPrincipal read(Jwt jwt, ClaimNames names) {
		return limitedToOwnRecord(new SmartPrincipal(
				jwt.getClaimAsString("iss"),
				jwt.getSubject() != null ? jwt.getSubject() : jwt.getClaimAsString("client_id"),
				text(jwt, "client_id").or(() -> text(jwt, "azp")),
				GrantedScopes.parse(scope(jwt.getClaims().get(names.scope()))),
				text(jwt, names.patient()).map(SmartClaims::idPart),
				text(jwt, "encounter").map(SmartClaims::idPart),
				text(jwt, names.fhirUser()).map(SmartClaims::relativeReference),
				text(jwt, names.personIdentifier()),
				text(jwt, names.hprNumber()),
				text(jwt, names.organisation())));
	}

	/**
	 * {@code user/} scopes reach what the user may see. For health personnel that is the record (consent
	 * decides per resource); a patient may see only their own record, so their {@code user/} scopes are read
	 * as {@code patient/} scopes of their own Patient; a related person's are dropped (their access goes
	 * through a patient launch). Whatever the issuer granted.
	 */
	static SmartPrincipal limitedToOwnRecord(SmartPrincipal principal) {
		String fhirUser = principal.fhirUser().orElse("");
		boolean patientUser = fhirUser.startsWith("Patient/");
		if (!patientUser && !fhirUser.startsWith("RelatedPerson/")) {
			return principal;
		}
		List<SmartScope> scopes = new ArrayList<>();
		for (SmartScope scope : principal.scopes().resourceScopes()) {
			if (scope.context() != Context.USER) {
				scopes.add(scope);
			} else if (patientUser) {
				scopes.add(scope.inContext(Context.PATIENT));
			}
		}
		Optional<String> patient = principal.patient().isPresent() || !patientUser ? principal.patient()
				: Optional.of(idPart(fhirUser));
		GrantedScopes granted = new GrantedScopes(scopes, principal.scopes().otherScopes(), principal.scopes().unreadable());
		return new SmartPrincipal(principal.issuer(), principal.subject(), principal.clientId(), granted, patient,
				principal.encounter(), principal.fhirUser(), principal.personIdentifier(), principal.hprNumber(),
				principal.organisation());
	}

	/** {@code scope} is a space-separated string (RFC 8693), some issuers send a list ({@code scp}). */
	static String scope(Object claim) {
		if (claim instanceof Collection<?> values) {
			return values.stream().map(String::valueOf).collect(Collectors.joining(" "));
		}
		return claim == null ? "" : claim.toString();
	}

	private static Optional<String> text(Jwt jwt, String claim) {
		Object value = jwt.getClaims().get(claim);
		return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
	}

	/** {@code Patient/123}, {@code https://fhir.example/Patient/123} and {@code 123} all mean patient 123. */
	static String idPart(String reference) {
		String[] parts = reference.split("/");
		return parts[parts.length - 1];
	}

	/** {@code https://fhir.example/fhir/Practitioner/1} becomes {@code Practitioner/1}. */
	static String relativeReference(String reference) {
		String[] parts = reference.split("/");
		return parts.length < 2 ? reference : parts[parts.length - 2] + "/" + parts[parts.length - 1];
	}
}
