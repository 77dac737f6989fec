package no.fjord.security.token;

import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;
import no.fjord.security.SecurityProperties.ClaimNames;
import no.fjord.security.scope.GrantedScopes;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads a {@link SmartPrincipal} from a verified JWT with an issuer's claim names. SMART's own names
 * ({@code scope}, {@code patient}, {@code fhirUser}) are the default; HelseID's are known too.
 */
public final class SmartClaims {

	private SmartClaims() {}

	public static SmartPrincipal read(Jwt jwt, ClaimNames names) {
		return new SmartPrincipal(
				jwt.getClaimAsString("iss"),
				jwt.getSubject() != null ? jwt.getSubject() : jwt.getClaimAsString("client_id"),
				text(jwt, "client_id").or(() -> text(jwt, "azp")),
				GrantedScopes.parse(scope(jwt.getClaims().get(names.scope()))),
				text(jwt, names.patient()).map(SmartClaims::idPart),
				text(jwt, "encounter").map(SmartClaims::idPart),
				text(jwt, names.fhirUser()).map(SmartClaims::relativeReference),
				text(jwt, names.personIdentifier()),
				text(jwt, names.hprNumber()),
				text(jwt, names.organisation()));
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
