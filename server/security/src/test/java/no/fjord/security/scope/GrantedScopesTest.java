package no.fjord.security.scope;

import static org.assertj.core.api.Assertions.assertThat;

import no.fjord.security.scope.SmartScope.Context;
import org.junit.jupiter.api.Test;

class GrantedScopesTest {

	@Test
	void separatesResourceScopesOtherScopesAndUnreadableOnes() {
		GrantedScopes granted = GrantedScopes.parse(
				"openid fhirUser launch/patient  patient/Observation.rs patient/Condition.rc offline_access");

		assertThat(granted.resourceScopes()).extracting(SmartScope::resourceType).containsExactly("Observation");
		assertThat(granted.otherScopes()).containsExactlyInAnyOrder("openid", "fhirUser", "launch/patient",
				"offline_access");
		assertThat(granted.unreadable()).containsExactly("patient/Condition.rc");
	}

	@Test
	void allowsWhatSomeScopeOfTheRightContextAllows() {
		GrantedScopes granted = GrantedScopes.parse("patient/Observation.rs user/Patient.r");

		assertThat(granted.allows(Context.PATIENT, Permission.SEARCH, "Observation")).isTrue();
		assertThat(granted.allows(Context.USER, Permission.SEARCH, "Observation")).isFalse();
		assertThat(granted.allows(Context.USER, Permission.READ, "Patient")).isTrue();
		assertThat(granted.allows(Context.PATIENT, Permission.CREATE, "Observation")).isFalse();
	}

	@Test
	void readsEveryOnlyForUnrestrictedUserOrSystemReads() {
		assertThat(GrantedScopes.parse("user/Observation.rs").readsEvery("Observation")).isTrue();
		assertThat(GrantedScopes.parse("system/*.s").readsEvery("Observation")).isTrue();
		assertThat(GrantedScopes.parse("system/*.rs").readsEvery("*")).isTrue();
		assertThat(GrantedScopes.parse("user/Observation.rs").readsEvery("*")).isFalse();
		assertThat(GrantedScopes.parse("patient/*.rs").readsEvery("Observation")).isFalse();
		assertThat(GrantedScopes.parse("user/Observation.rs?category=laboratory").readsEvery("Observation")).isFalse();
		assertThat(GrantedScopes.parse("user/Observation.cud").readsEvery("Observation")).isFalse();
		assertThat(GrantedScopes.parse("user/Patient.rs").readsEvery("Observation")).isFalse();
	}

	@Test
	void anEmptyOrMissingScopeGrantsNothing() {
		assertThat(GrantedScopes.parse(null).resourceScopes()).isEmpty();
		assertThat(GrantedScopes.parse("   ").otherScopes()).isEmpty();
	}
}
