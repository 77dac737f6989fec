package no.fjord.security.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatientSearchNarrowingTest {

	@Test
	void verificationUrlLosesOnlyTheAddedCompartmentParameter() {
		assertThat(PatientSearchNarrowing.withoutValue("?identifier=s%7C1&patient=Patient%2F123", "Patient/123"))
				.isEqualTo("?identifier=s%7C1");
		assertThat(PatientSearchNarrowing.withoutValue("Observation?identifier=s%7C1&patient=Patient/123", "Patient/123"))
				.isEqualTo("Observation?identifier=s%7C1");
		assertThat(PatientSearchNarrowing.withoutValue("Observation?subject=Patient/456", "Patient/123"))
				.isEqualTo("Observation?subject=Patient/456");
		assertThat(PatientSearchNarrowing.withoutValue("identifier=x", "Patient/123")).isEqualTo("identifier=x");
	}
}
