package no.fjord.security.authserver.tokens;

import java.util.Collection;
import java.util.Optional;
import no.fjord.security.scope.SmartScope;

/**
 * Whether a client's registered scopes cover a scope it asks for. SMART scopes are patterns: a client
 * registered for {@code patient/*.rs} may ask for {@code patient/Observation.rs}, {@code patient/Observation.r}
 * or the v1 {@code patient/Observation.read}; one registered with a query restriction only for that same
 * restriction. Other scopes ({@code openid}, {@code launch/patient}, {@code offline_access}) must be
 * registered as they are.
 */
public final class ScopeCoverage {

	private ScopeCoverage() {}

	public static boolean covers(Collection<String> registered, String requested) {
		if (registered.contains(requested)) {
			return true;
		}
		Optional<SmartScope> wanted = SmartScope.parse(requested);
		return wanted.isPresent() && registered.stream()
				.map(SmartScope::parse)
				.flatMap(Optional::stream)
				.anyMatch(granted -> covers(granted, wanted.get()));
	}

	private static boolean covers(SmartScope granted, SmartScope wanted) {
		return granted.context() == wanted.context()
				&& (SmartScope.ANY_TYPE.equals(granted.resourceType()) || granted.resourceType().equals(wanted.resourceType()))
				&& granted.permissions().containsAll(wanted.permissions())
				&& (granted.restrictions().isEmpty() || granted.restrictions().equals(wanted.restrictions()));
	}
}
