package no.fjord.security.enforcement;

import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleBulkExportWithTarget;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.security.rules.SmartScopeRules;
import no.fjord.security.scope.Permission;
import no.fjord.security.scope.SmartScope;
import no.fjord.security.scope.SmartScope.Context;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Every FHIR interaction is allowed only as far as the caller's token allows: the scope rules of
 * {@link SmartScopeRules}, plus operations.
 * <ul>
 *   <li>terminology operations and type-level {@code $validate}: for every valid token (they show no
 *       patient data);</li>
 *   <li>{@code Patient/[id]/$everything}: on patients the token may read, each returned resource checked
 *       against the read rules;</li>
 *   <li>{@code $export}: system-level and group export for user/system read scopes, only
 *       {@code Patient/[launch patient]/$export} for patient scopes, limited to the types the scopes can read;</li>
 *   <li>{@code $load-terminology}: administrators ({@value SmartPrincipal#ADMIN_SCOPE}) only;</li>
 *   <li>batch and transaction entries: each entry by the rules above.</li>
 * </ul>
 * Spring Security has verified the token before HAPI runs, so the principal is read from its context.
 */
@Interceptor(order = RequestPipeline.AUTHORIZATION)
public class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

	private static final List<String> TERMINOLOGY_OPERATIONS =
			List.of("$expand", "$lookup", "$validate-code", "$subsumes", "$translate");

	public SmartAuthorizationInterceptor() {
		super(PolicyEnum.DENY);
	}

	/** Only the CapabilityStatement is public (Spring Security lets nothing else through without a token). */
	private static final List<IAuthRule> WITHOUT_TOKEN =
			new RuleBuilder().allow("capability statement").metadata().andThen().denyAll("no access token").build();

	/** The rules depend on the principal only, so each caller's list is built once (HAPI's rules hold no request state). */
	private final Cache<SmartPrincipal, List<IAuthRule>> rulesByPrincipal =
			Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(30)).build();

	@Override
	public List<IAuthRule> buildRuleList(RequestDetails request) {
		Optional<SmartPrincipal> principal = ResourceReadAccess.principalOf(request).or(SmartPrincipal::current);
		if (principal.isEmpty()) {
			return WITHOUT_TOKEN;
		}
		return rulesByPrincipal.get(principal.get(), SmartAuthorizationInterceptor::rulesFor);
	}

	private static List<IAuthRule> rulesFor(SmartPrincipal smart) {
		RuleBuilder rules = new RuleBuilder();
		Optional<IIdType> launchPatient = smart.patient().map(id -> new IdType("Patient", id));
		SmartScopeRules.addTo(rules, smart.scopes(), launchPatient);
		addOperationRules(rules, smart, launchPatient);
		rules.allow("batch and transaction, entry by entry").transaction().withAnyOperation().andApplyNormalRules();
		return rules.denyAll("not granted by the token's scopes").build();
	}

	private static void addOperationRules(RuleBuilder rules, SmartPrincipal smart, Optional<IIdType> launchPatient) {
		for (String operation : TERMINOLOGY_OPERATIONS) {
			for (Class<? extends org.hl7.fhir.instance.model.api.IBaseResource> type :
					List.of(CodeSystem.class, ValueSet.class, ConceptMap.class)) {
				rules.allow("terminology").operation().named(operation).onType(type).andAllowAllResponses().andThen();
				rules.allow("terminology").operation().named(operation).onInstancesOfType(type)
						.andAllowAllResponses().andThen();
			}
		}
		rules.allow("validation").operation().named("$validate").onAnyType().andAllowAllResponses().andThen();

		boolean readsAnyPatient = smart.scopes().allows(Context.USER, Permission.READ, "Patient")
				|| smart.scopes().allows(Context.SYSTEM, Permission.READ, "Patient");
		if (readsAnyPatient) {
			rules.allow("$everything").operation().named("$everything").onInstancesOfType(Patient.class)
					.andRequireExplicitResponseAuthorization().andThen();
		} else if (launchPatient.isPresent() && smart.scopes().allows(Context.PATIENT, Permission.READ, "Patient")) {
			rules.allow("$everything").operation().named("$everything").onInstance(launchPatient.get())
					.andRequireExplicitResponseAuthorization().andThen();
		}
		addSubscriptionRules(rules, smart);
		addMetaRules(rules, smart);
		addExportRules(rules, smart, launchPatient);
		if (smart.isAdministrator()) {
			rules.allow("administration").operation().named("$load-terminology").onServer()
					.andAllowAllResponses().andThen();
		}
	}

	/**
	 * {@code $status} and {@code $events} of subscriptions, and {@code $get-ws-binding-token} of one, for
	 * tokens that read Subscriptions; the subscription module answers only about the caller's own (404 for
	 * others').
	 */
	private static void addSubscriptionRules(RuleBuilder rules, SmartPrincipal smart) {
		if (smart.scopes().resourceScopes().stream().noneMatch(scope -> scope.allows(Permission.READ, "Subscription"))) {
			return;
		}
		for (String operation : List.of("$status", "$events")) {
			rules.allow("subscription " + operation).operation().named(operation).onType(Subscription.class)
					.andAllowAllResponses().andThen();
			rules.allow("subscription " + operation).operation().named(operation).onInstancesOfType(Subscription.class)
					.andAllowAllResponses().andThen();
		}
		rules.allow("subscription $get-ws-binding-token").operation().named("$get-ws-binding-token")
				.onInstancesOfType(Subscription.class).andAllowAllResponses().andThen();
	}

	/**
	 * Tags, profiles and labels ({@code $meta}...): for user and system tokens that read (or, to change them,
	 * update) some type. The answer holds only the meta, never clinical content.
	 */
	private static void addMetaRules(RuleBuilder rules, SmartPrincipal smart) {
		boolean reads = readableTypes(smart, Context.USER).isPresent() || readableTypes(smart, Context.SYSTEM).isPresent();
		boolean updates = smart.scopes().resourceScopes().stream().anyMatch(scope -> scope.context() != Context.PATIENT
				&& scope.restrictions().isEmpty() && scope.permissions().contains(Permission.UPDATE));
		if (reads) {
			rules.allow("$meta").operation().named("$meta").atAnyLevel().andAllowAllResponses().andThen();
		}
		if (updates) {
			for (String change : List.of("$meta-add", "$meta-delete")) {
				rules.allow(change).operation().named(change).onAnyInstance().andAllowAllResponses().andThen();
			}
		}
	}

	/**
	 * The kick-off is an operation too, and HAPI asks the operation rules again when the job is initiated
	 * (as a server-level operation): a kick-off rule at any level would there allow every export the bulk
	 * export rules abstain from. So a token with only patient scopes gets a kick-off rule for its own
	 * {@code Patient/[id]/$export} and nothing else (system, type-level and group export: 403).
	 */
	private static void addExportRules(RuleBuilder rules, SmartPrincipal smart, Optional<IIdType> launchPatient) {
		Optional<Set<String>> populationTypes = readableTypes(smart, Context.SYSTEM)
				.or(() -> readableTypes(smart, Context.USER));
		if (populationTypes.isPresent()) {
			exportOf(rules.allow("system, group and patient export").bulkExport().any(), populationTypes.get());
			rules.allow("export kick-off").operation().named("$export").atAnyLevel().andAllowAllResponses().andThen();
		}
		Optional<Set<String>> patientTypes = readableTypes(smart, Context.PATIENT);
		boolean ownExport = launchPatient.isPresent() && patientTypes.isPresent();
		if (ownExport) {
			exportOf(rules.allow("patient export").bulkExport()
					.patientExportOnPatient(launchPatient.get().toUnqualifiedVersionless().getValue()), patientTypes.get());
			rules.allow("own export kick-off").operation().named("$export").onInstance(launchPatient.get())
					.andAllowAllResponses().andThen();
		}
		if (populationTypes.isPresent() || ownExport) {
			rules.allow("export status").operation().named("$export-poll-status").onServer()
					.andAllowAllResponses().andThen();
		}
	}

	private static void exportOf(IAuthRuleBuilderRuleBulkExportWithTarget export, Set<String> types) {
		if (!types.isEmpty()) {
			export.withResourceTypes(types);
		}
	}

	/**
	 * The types the scopes of one context can read without restrictions: empty set for all, empty
	 * optional for none.
	 */
	private static Optional<Set<String>> readableTypes(SmartPrincipal smart, Context context) {
		Set<String> types = new TreeSet<>();
		for (SmartScope scope : smart.scopes().resourceScopes()) {
			if (scope.context() != context || !scope.restrictions().isEmpty()
					|| !scope.permissions().contains(Permission.READ)) {
				continue;
			}
			if (SmartScope.ANY_TYPE.equals(scope.resourceType())) {
				return Optional.of(Set.of());
			}
			types.add(scope.resourceType());
		}
		return types.isEmpty() ? Optional.empty() : Optional.of(types);
	}
}
