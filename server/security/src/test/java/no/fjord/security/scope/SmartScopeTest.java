package no.fjord.security.scope;

import static no.fjord.security.scope.Permission.CREATE;
import static no.fjord.security.scope.Permission.DELETE;
import static no.fjord.security.scope.Permission.READ;
import static no.fjord.security.scope.Permission.SEARCH;
import static no.fjord.security.scope.Permission.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import no.fjord.security.scope.SmartScope.Context;
import no.fjord.security.scope.SmartScope.Restriction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmartScopeTest {

	@Test
	void readsV2ScopesWithPermissionsInOrder() {
		assertThat(SmartScope.parse("patient/Observation.rs")).contains(
				new SmartScope(Context.PATIENT, "Observation", Set.of(READ, SEARCH), List.of()));
		assertThat(SmartScope.parse("user/*.cruds")).contains(
				new SmartScope(Context.USER, "*", Set.of(CREATE, READ, UPDATE, DELETE, SEARCH), List.of()));
		assertThat(SmartScope.parse("system/Patient.d")).contains(
				new SmartScope(Context.SYSTEM, "Patient", Set.of(DELETE), List.of()));
	}

	@Test
	void readsV1ScopesAsTheirV2Equivalents() {
		assertThat(SmartScope.parse("patient/*.read")).contains(
				new SmartScope(Context.PATIENT, "*", Set.of(READ, SEARCH), List.of()));
		assertThat(SmartScope.parse("user/Observation.write")).contains(
				new SmartScope(Context.USER, "Observation", Set.of(CREATE, UPDATE, DELETE), List.of()));
		assertThat(SmartScope.parse("system/*.*")).contains(
				new SmartScope(Context.SYSTEM, "*", Set.of(CREATE, READ, UPDATE, DELETE, SEARCH), List.of()));
	}

	@Test
	void readsV2QueryRestrictions() {
		assertThat(SmartScope.parse("patient/Observation.rs?category=vital-signs")).contains(new SmartScope(
				Context.PATIENT, "Observation", Set.of(READ, SEARCH), List.of(new Restriction("category", "vital-signs"))));
		assertThat(SmartScope.parse("patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/"
				+ "observation-category|laboratory&status=final").orElseThrow().restrictions()).containsExactly(
				new Restriction("category", "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"),
				new Restriction("status", "final"));
		assertThat(SmartScope.parse("user/Condition.rs?code%3Atext=astma").orElseThrow().restrictions())
				.containsExactly(new Restriction("code:text", "astma"));
	}

	@ParameterizedTest
	@ValueSource(strings = {"openid", "fhirUser", "launch/patient", "offline_access", "patient/Observation.rc",
			"patient/Observation.rr", "patient/Observation.", "patient/observation.rs", "clinic/Observation.rs",
			"patient/Observation.read?category=vital-signs", "patient/Observation.rs?", "patient/Observation.rs?category",
			"patient/Observation.rs?=x", "patient/Observation.x"})
	void refusesWhatIsNotAWellFormedResourceScope(String scope) {
		assertThat(SmartScope.parse(scope)).isEmpty();
	}

	@Test
	void allowsOnlyItsPermissionsOnItsResourceType() {
		SmartScope observations = SmartScope.parse("patient/Observation.rs").orElseThrow();
		assertThat(observations.allows(READ, "Observation")).isTrue();
		assertThat(observations.allows(CREATE, "Observation")).isFalse();
		assertThat(observations.allows(READ, "Condition")).isFalse();
		assertThat(SmartScope.parse("patient/*.r").orElseThrow().allows(READ, "Condition")).isTrue();
	}
}
