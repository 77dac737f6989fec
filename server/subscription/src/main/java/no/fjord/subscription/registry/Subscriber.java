package no.fjord.subscription.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import no.fjord.security.scope.GrantedScopes;
import no.fjord.security.scope.SmartScope;
import no.fjord.security.token.SmartPrincipal;

/**
 * Who created a subscription, as their token said: what every notification is checked against again at
 * delivery time. Kept with the subscription, so a notification never reaches further than a read by the
 * same caller would.
 */
public record Subscriber(String issuer, String subject, String clientId, String scopes, String patient,
		String fhirUser, String hprNumber, String organisation) {

	public static Subscriber of(SmartPrincipal principal) {
		List<String> scopes = new ArrayList<>();
		principal.scopes().resourceScopes().stream().map(SmartScope::text).forEach(scopes::add);
		scopes.addAll(principal.scopes().otherScopes());
		return new Subscriber(principal.issuer(), principal.subject(), principal.clientId().orElse(null),
				String.join(" ", scopes), principal.patient().orElse(null), principal.fhirUser().orElse(null),
				principal.hprNumber().orElse(null), principal.organisation().orElse(null));
	}

	public SmartPrincipal principal() {
		return new SmartPrincipal(issuer, subject, Optional.ofNullable(clientId), GrantedScopes.parse(scopes),
				Optional.ofNullable(patient), Optional.empty(), Optional.ofNullable(fhirUser), Optional.empty(),
				Optional.ofNullable(hprNumber), Optional.ofNullable(organisation));
	}

	/** Whether this token's caller is the one who subscribed: same issuer, subject and app. */
	public boolean isSameCallerAs(SmartPrincipal principal) {
		return issuer.equals(principal.issuer()) && subject.equals(principal.subject())
				&& Objects.equals(clientId, principal.clientId().orElse(null));
	}
}
