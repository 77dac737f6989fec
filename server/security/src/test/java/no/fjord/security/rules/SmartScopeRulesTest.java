package no.fjord.security.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.List;
import java.util.Optional;
import no.fjord.security.scope.GrantedScopes;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** Decisions of HAPI's AuthorizationInterceptor over the rules made from SMART scopes. */
class SmartScopeRulesTest {

	private static final RestfulServer SERVER = new RestfulServer(FhirContext.forR4Cached());
	private static final Optional<IIdType> PATIENT_123 = Optional.of(new IdType("Patient", "123"));

	@Test
	void patientScopesReachOnlyTheLaunchPatientsCompartment() {
		List<IAuthRule> rules = SmartScopeRules.rulesFor(GrantedScopes.parse("patient/Observation.rs"), PATIENT_123);

		assertThat(readDecision(rules, observationOf("Patient/123"))).isEqualTo(PolicyEnum.ALLOW);
		assertThat(readDecision(rules, observationOf("Patient/999"))).isEqualTo(PolicyEnum.DENY);
		assertThat(readDecision(rules, conditionOf("Patient/123"))).as("another type").isEqualTo(PolicyEnum.DENY);
		assertThat(createDecision(rules, observationOf("Patient/123"))).as("no c").isEqualTo(PolicyEnum.DENY);
	}

	@Test
	void patientScopesWithoutALaunchPatientGrantNothing() {
		List<IAuthRule> rules = SmartScopeRules.rulesFor(GrantedScopes.parse("patient/*.cruds"), Optional.empty());

		assertThat(readDecision(rules, observationOf("Patient/123"))).isEqualTo(PolicyEnum.DENY);
	}

	@Test
	void userScopesReachAnyResourceOfTheirTypeWithTheirPermissions() {
		List<IAuthRule> rules = SmartScopeRules.rulesFor(GrantedScopes.parse("user/Observation.rs user/Condition.c"),
				Optional.empty());

		assertThat(readDecision(rules, observationOf("Patient/999"))).isEqualTo(PolicyEnum.ALLOW);
		assertThat(createDecision(rules, conditionOf("Patient/999"))).isEqualTo(PolicyEnum.ALLOW);
		assertThat(createDecision(rules, observationOf("Patient/999"))).isEqualTo(PolicyEnum.DENY);
	}

	@Test
	void withoutResourceScopesOnlyTheCapabilityStatementIsOpen() {
		List<IAuthRule> rules = SmartScopeRules.rulesFor(GrantedScopes.parse("openid fhirUser"), PATIENT_123);

		assertThat(decision(rules, RestOperationTypeEnum.METADATA, "Metadata", null, null)).isEqualTo(PolicyEnum.ALLOW);
		assertThat(readDecision(rules, observationOf("Patient/123"))).isEqualTo(PolicyEnum.DENY);
	}

	private static PolicyEnum readDecision(List<IAuthRule> rules, IBaseResource resource) {
		return decision(rules, RestOperationTypeEnum.READ, resource.fhirType(), null, resource);
	}

	private static PolicyEnum createDecision(List<IAuthRule> rules, IBaseResource resource) {
		return decision(rules, RestOperationTypeEnum.CREATE, resource.fhirType(), resource, null);
	}

	private static PolicyEnum decision(List<IAuthRule> rules, RestOperationTypeEnum operation, String resourceName,
			IBaseResource input, IBaseResource output) {
		AuthorizationInterceptor interceptor = new AuthorizationInterceptor() {
			@Override
			public List<IAuthRule> buildRuleList(RequestDetails request) {
				return rules;
			}
		};
		ServletRequestDetails request = new ServletRequestDetails();
		request.setServer(SERVER);
		request.setRestOperationType(operation);
		request.setResourceName(resourceName);
		Pointcut pointcut = input != null ? Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED
				: output != null ? Pointcut.STORAGE_PRESHOW_RESOURCES : Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED;
		return interceptor.applyRulesAndReturnDecision(operation, request, input,
				input == null ? null : input.getIdElement(), output, pointcut).getDecision();
	}

	private static Observation observationOf(String patient) {
		Observation observation = new Observation();
		observation.setId("Observation/o1");
		observation.setSubject(new Reference(patient));
		return observation;
	}

	private static Condition conditionOf(String patient) {
		Condition condition = new Condition();
		condition.setId("Condition/c1");
		condition.setSubject(new Reference(patient));
		return condition;
	}
}
