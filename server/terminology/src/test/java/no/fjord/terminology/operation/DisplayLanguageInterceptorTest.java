package no.fjord.terminology.operation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayLanguageInterceptorTest {

	@Test
	void languagesMatchOnTheirPrimarySubtagAndBokmalIsNorwegian() {
		assertThat(DisplayLanguageInterceptor.sameLanguage("en-GB", "en")).isTrue();
		assertThat(DisplayLanguageInterceptor.sameLanguage("no", "nb")).isTrue();
		assertThat(DisplayLanguageInterceptor.sameLanguage("nb-NO", "no")).isTrue();
		assertThat(DisplayLanguageInterceptor.sameLanguage("nn", "nb")).as("nynorsk is its own language").isFalse();
		assertThat(DisplayLanguageInterceptor.sameLanguage("se", "nb")).isFalse();
		assertThat(DisplayLanguageInterceptor.sameLanguage(null, "en")).isFalse();
	}
}
