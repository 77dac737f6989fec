package no.fjord.security.scope;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART scope for FHIR resources, in the v2 form ({@code patient/Observation.rs?category=vital-signs})
 * or the v1 form ({@code patient/Observation.read}), normalised to a context, a resource type and a set
 * of {@link Permission}s
 * (<a href="https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html">SMART App Launch 2.2</a>).
 *
 * @param resourceType a FHIR resource type, or {@code *} for all
 * @param restrictions v2 query restrictions ({@code ?category=vital-signs}) as search parameters the
 *     resources must match; empty when unrestricted
 */
public record SmartScope(Context context, String resourceType, Set<Permission> permissions,
		List<Restriction> restrictions) {

	/** Whose data the scope reaches: the launch patient's, the user's, or any (backend services). */
	public enum Context {
		PATIENT, USER, SYSTEM
	}

	/** One search parameter and value of a v2 query restriction. */
	public record Restriction(String parameter, String value) {}

	public static final String ANY_TYPE = "*";

	private static final Pattern SCOPE = Pattern.compile(
			"(patient|user|system)/([A-Z][A-Za-z]*|\\*)\\.([a-z*]+)(?:\\?(.+))?");
	private static final Pattern V2_PERMISSIONS = Pattern.compile("c?r?u?d?s?");

	public SmartScope {
		permissions = Set.copyOf(permissions);
		restrictions = List.copyOf(restrictions);
	}

	/**
	 * Reads one scope. Empty for scopes that are not about FHIR resources ({@code openid}, {@code launch})
	 * and for malformed ones: permissions out of order or repeated ({@code .rc}, {@code .rr}), a query
	 * restriction on a v1 scope, an empty restriction.
	 */
	public static Optional<SmartScope> parse(String scope) {
		Matcher matcher = SCOPE.matcher(scope);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		Context context = Context.valueOf(matcher.group(1).toUpperCase(Locale.ROOT));
		String permissionText = matcher.group(3);
		String query = matcher.group(4);
		Optional<Set<Permission>> v1 = v1Permissions(permissionText);
		if (v1.isPresent()) {
			return query == null ? Optional.of(new SmartScope(context, matcher.group(2), v1.get(), List.of()))
					: Optional.empty();
		}
		if (permissionText.isEmpty() || !V2_PERMISSIONS.matcher(permissionText).matches()) {
			return Optional.empty();
		}
		Set<Permission> permissions = EnumSet.noneOf(Permission.class);
		for (Permission permission : Permission.values()) {
			if (permissionText.indexOf(permission.letter()) >= 0) {
				permissions.add(permission);
			}
		}
		return restrictions(query).map(restrictions -> new SmartScope(context, matcher.group(2), permissions,
				restrictions));
	}

	/** The same scope in another context ({@code user/Observation.rs} read as {@code patient/Observation.rs}). */
	public SmartScope inContext(Context other) {
		return new SmartScope(other, resourceType, permissions, restrictions);
	}

	/** The scope in its v2 form ({@code patient/Observation.rs?category=vital-signs}), to keep and parse again. */
	public String text() {
		StringBuilder text = new StringBuilder(context.name().toLowerCase(Locale.ROOT)).append('/').append(resourceType)
				.append('.');
		for (Permission permission : Permission.values()) {
			if (permissions.contains(permission)) {
				text.append(permission.letter());
			}
		}
		String separator = "?";
		for (Restriction restriction : restrictions) {
			text.append(separator).append(URLEncoder.encode(restriction.parameter(), StandardCharsets.UTF_8))
					.append('=').append(URLEncoder.encode(restriction.value(), StandardCharsets.UTF_8));
			separator = "&";
		}
		return text.toString();
	}

	/** Whether this scope lets the client do {@code permission} on resources of {@code type}. */
	public boolean allows(Permission permission, String type) {
		return permissions.contains(permission) && (ANY_TYPE.equals(resourceType) || resourceType.equals(type));
	}

	private static Optional<Set<Permission>> v1Permissions(String text) {
		return switch (text) {
			case "read" -> Optional.of(EnumSet.of(Permission.READ, Permission.SEARCH));
			case "write" -> Optional.of(EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE));
			case "*" -> Optional.of(EnumSet.allOf(Permission.class));
			default -> Optional.empty();
		};
	}

	private static Optional<List<Restriction>> restrictions(String query) {
		if (query == null) {
			return Optional.of(List.of());
		}
		List<Restriction> restrictions = new ArrayList<>();
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			if (equals <= 0 || equals == pair.length() - 1) {
				return Optional.empty();
			}
			restrictions.add(new Restriction(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1))));
		}
		return Optional.of(restrictions);
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}
}
