package no.fjord.security.authserver.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeCoverageTest {

	private static final List<String> REGISTERED = List.of("openid", "launch/patient", "patient/*.rs",
			"user/Observation.cruds", "system/Observation.rs?category=laboratory");

	@Test
	void wildcardsAndWiderPermissionsCoverNarrowerRequests() {
		assertThat(ScopeCoverage.covers(REGISTERED, "patient/Observation.rs")).isTrue();
		assertThat(ScopeCoverage.covers(REGISTERED, "patient/Observation.r")).isTrue();
		assertThat(ScopeCoverage.covers(REGISTERED, "patient/Observation.read")).as("v1 form").isTrue();
		assertThat(ScopeCoverage.covers(REGISTERED, "patient/*.rs")).isTrue();
		assertThat(ScopeCoverage.covers(REGISTERED, "user/Observation.rs")).isTrue();
		assertThat(ScopeCoverage.covers(REGISTERED, "patient/Observation.rs?category=vital-signs"))
				.as("a restriction narrows an unrestricted grant").isTrue();
	}

	@Test
	void moreThanRegisteredIsNotCovered() {
		assertThat(ScopeCoverage.covers(REGISTERED, "patient/Observation.cruds")).isFalse();
		assertThat(ScopeCoverage.covers(REGISTERED, "patient/*.write")).isFalse();
		assertThat(ScopeCoverage.covers(REGISTERED, "user/Patient.rs")).as("other type").isFalse();
		assertThat(ScopeCoverage.covers(REGISTERED, "system/Observation.rs")).as("restriction dropped").isFalse();
		assertThat(ScopeCoverage.covers(REGISTERED, "system/Observation.rs?category=vital-signs")).isFalse();
		assertThat(ScopeCoverage.covers(REGISTERED, "user/*.cruds")).isFalse();
		assertThat(ScopeCoverage.covers(REGISTERED, "offline_access")).as("other scopes must be registered").isFalse();
	}

	@Test
	void sameRestrictionAndPlainScopesAreCovered() {
		assertThat(ScopeCoverage.covers(REGISTERED, "system/Observation.rs?category=laboratory")).isTrue();
		assertThat(ScopeCoverage.covers(REGISTERED, "system/Observation.r?category=laboratory")).isTrue();
		assertThat(ScopeCoverage.covers(REGISTERED, "openid")).isTrue();
		assertThat(ScopeCoverage.covers(REGISTERED, "launch/patient")).isTrue();
	}
}
