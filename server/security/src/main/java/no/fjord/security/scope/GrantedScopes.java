package no.fjord.security.scope;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The scopes of a token, read once: the scopes for FHIR resources, the others ({@code openid},
 * {@code fhirUser}, {@code launch/patient}, {@code offline_access}...), and those that could not be read.
 */
public record GrantedScopes(List<SmartScope> resourceScopes, Set<String> otherScopes, List<String> unreadable) {

	public GrantedScopes {
		resourceScopes = List.copyOf(resourceScopes);
		otherScopes = Set.copyOf(otherScopes);
		unreadable = List.copyOf(unreadable);
	}

	/** @param scope the space-separated {@code scope} of a token (RFC 6749 section 3.3) */
	public static GrantedScopes parse(String scope) {
		List<SmartScope> resourceScopes = new ArrayList<>();
		Set<String> others = new LinkedHashSet<>();
		List<String> unreadable = new ArrayList<>();
		for (String token : scope == null ? new String[0] : scope.trim().split("\\s+")) {
			if (token.isEmpty()) {
				continue;
			}
			Optional<SmartScope> parsed = SmartScope.parse(token);
			if (parsed.isPresent()) {
				resourceScopes.add(parsed.get());
			} else if (looksLikeResourceScope(token)) {
				unreadable.add(token);
			} else {
				others.add(token);
			}
		}
		return new GrantedScopes(resourceScopes, others, unreadable);
	}

	/** Whether any granted scope lets the client do {@code permission} on {@code type} in {@code context}. */
	public boolean allows(SmartScope.Context context, Permission permission, String type) {
		return resourceScopes.stream().anyMatch(scope -> scope.context() == context && scope.allows(permission, type));
	}

	/**
	 * Whether a user or system scope reads every resource of {@code type} ({@code *}: of every type): not
	 * limited to a patient's compartment, not restricted by a query. Only such callers may be shown what
	 * is computed over all resources of the type (type-level history, a match URL's outcome).
	 */
	public boolean readsEvery(String type) {
		return resourceScopes.stream().anyMatch(scope -> scope.context() != SmartScope.Context.PATIENT
				&& scope.restrictions().isEmpty()
				&& (scope.permissions().contains(Permission.READ) || scope.permissions().contains(Permission.SEARCH))
				&& (SmartScope.ANY_TYPE.equals(scope.resourceType()) || scope.resourceType().equals(type)));
	}

	private static boolean looksLikeResourceScope(String token) {
		return token.startsWith("patient/") || token.startsWith("user/") || token.startsWith("system/");
	}
}
