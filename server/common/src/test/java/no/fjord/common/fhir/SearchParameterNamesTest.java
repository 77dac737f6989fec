package no.fjord.common.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchParameterNamesTest {

	@Test
	void aDottedParameterIsChained() {
		assertThat(SearchParameterNames.isChained("subject.name")).isTrue();
		assertThat(SearchParameterNames.isChained("subject:Patient.address-city")).isTrue();
		assertThat(SearchParameterNames.reachesOtherResources("general-practitioner.address")).isTrue();
	}

	@Test
	void aPlainOrModifiedParameterIsNotChained() {
		assertThat(SearchParameterNames.isChained("name")).isFalse();
		assertThat(SearchParameterNames.isChained("subject:Patient")).isFalse();
		assertThat(SearchParameterNames.reachesOtherResources("address-city:exact")).isFalse();
	}

	@Test
	void hasIsReverseChainedWhateverItsLastPart() {
		assertThat(SearchParameterNames.isReverseChained("_has:Observation:subject:code")).isTrue();
		assertThat(SearchParameterNames.reachesOtherResources("_has:RelatedPerson:patient:address")).isTrue();
		assertThat(SearchParameterNames.isChained("_has:Observation:subject:code")).isFalse();
	}

	@Test
	void resultParametersReachNothing() {
		assertThat(SearchParameterNames.reachesOtherResources("_include")).isFalse();
		assertThat(SearchParameterNames.reachesOtherResources("_sort")).isFalse();
	}
}
