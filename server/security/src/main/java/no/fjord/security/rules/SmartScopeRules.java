package no.fjord.security.rules;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import no.fjord.security.scope.GrantedScopes;
import no.fjord.security.scope.Permission;
import no.fjord.security.scope.SmartScope.Context;
import no.fjord.security.scope.SmartScope;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Turns a token's SMART scopes into HAPI authorization rules, denying everything else
 * (<a href="https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html">SMART App Launch
 * 2.2</a>; HAPI's {@code AuthorizationInterceptor}, which checks reads on the response, so
 * {@code _include}d resources outside the grant are refused too).
 * <ul>
 *   <li>{@code patient/} scopes reach the launch patient's compartment only; without a launch patient
 *       they grant nothing;</li>
 *   <li>{@code user/} and {@code system/} scopes reach any resource of their type (consent decides per
 *       resource, issue #6);</li>
 *   <li>{@code r} or {@code s} allow reads and searches (HAPI does not tell them apart), {@code c} create,
 *       {@code c} with {@code u} create and update, {@code d} delete. HAPI has no update-only rule, so
 *       {@code u} without {@code c} grants no update yet: under-granting, never over-granting;</li>
 *   <li>v2 query restrictions become HAPI filters the resource must match;</li>
 *   <li>{@code patient/Subscription} scopes reach any Subscription: it is in no compartment, and the
 *       subscription module lets a caller see and change only the subscriptions it created.</li>
 * </ul>
 * {@link no.fjord.security.enforcement.SmartAuthorizationInterceptor} adds the rules for operations.
 */
public final class SmartScopeRules {

	private static final String SUBSCRIPTION = "Subscription";

	private SmartScopeRules() {}

	/** The rules of the scopes followed by "deny all". */
	public static List<IAuthRule> rulesFor(GrantedScopes granted, Optional<IIdType> launchPatient) {
		RuleBuilder rules = new RuleBuilder();
		addTo(rules, granted, launchPatient);
		return rules.denyAll("not granted by the token's scopes").build();
	}

	/**
	 * Adds the rules the scopes grant; what is not granted must then be denied.
	 *
	 * @param launchPatient the patient in context ({@code Patient/123}), or empty
	 */
	public static void addTo(RuleBuilder rules, GrantedScopes granted, Optional<IIdType> launchPatient) {
		rules.allow("capability statement").metadata().andThen();
		for (SmartScope scope : granted.resourceScopes()) {
			if (scope.context() == Context.PATIENT && launchPatient.isEmpty()) {
				continue;
			}
			if (scope.permissions().contains(Permission.READ) || scope.permissions().contains(Permission.SEARCH)) {
				classify(scope, launchPatient, rules.allow(name(scope, "read")).read());
			}
			if (scope.permissions().contains(Permission.CREATE) && scope.permissions().contains(Permission.UPDATE)) {
				classify(scope, launchPatient, rules.allow(name(scope, "write")).write());
			} else if (scope.permissions().contains(Permission.CREATE)) {
				classify(scope, launchPatient, rules.allow(name(scope, "create")).create());
			}
			if (scope.permissions().contains(Permission.DELETE)) {
				classify(scope, launchPatient, rules.allow(name(scope, "delete")).delete());
			}
		}
	}

	private static void classify(SmartScope scope, Optional<IIdType> launchPatient, IAuthRuleBuilderRuleOp op) {
		IAuthRuleBuilderRuleOpClassifier types = SmartScope.ANY_TYPE.equals(scope.resourceType())
				? op.allResources()
				: op.resourcesOfType(scope.resourceType());
		String filter = filter(scope);
		if (scope.context() == Context.PATIENT && SUBSCRIPTION.equals(scope.resourceType())) {
			// Not in any compartment: the subscription module shows and changes only the caller's own.
			types.withAnyId().andThen();
		} else if (scope.context() == Context.PATIENT) {
			IIdType patient = launchPatient.orElseThrow();
			if (filter.isEmpty()) {
				types.inCompartment("Patient", patient).andThen();
			} else {
				types.inCompartmentWithFilter("Patient", patient, filter).andThen();
			}
		} else if (filter.isEmpty()) {
			types.withAnyId().andThen();
		} else {
			types.withFilter(filter).andThen();
		}
	}

	private static String filter(SmartScope scope) {
		return scope.restrictions().stream()
				.map(restriction -> restriction.parameter() + "=" + restriction.value())
				.collect(Collectors.joining("&"));
	}

	private static String name(SmartScope scope, String what) {
		return scope.context().name().toLowerCase(Locale.ROOT) + "/" + scope.resourceType() + " " + what;
	}
}
