package no.fjord.storage.fulltext;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.junit.jupiter.api.Test;

class FulltextCountCorrectionTest {

	@Test
	void fullTextWithAnotherParameterIsCountedInTheDatabase() {
		SearchParameterMap params = new SearchParameterMap()
				.add("_content", new StringParam("hjerte")).add("gender", new TokenParam("male"));
		assertThat(FulltextCountCorrection.needsDatabaseCount(params)).isTrue();
	}

	@Test
	void fullTextAloneIsCountedInTheIndex() {
		SearchParameterMap params = new SearchParameterMap()
				.add("_content", new StringParam("hjerte")).add("_text", new StringParam("svikt"));
		assertThat(FulltextCountCorrection.needsDatabaseCount(params)).isFalse();
	}

	@Test
	void searchWithoutFullTextIsLeftToHapi() {
		assertThat(FulltextCountCorrection.needsDatabaseCount(new SearchParameterMap().add("gender", new TokenParam("male"))))
				.isFalse();
	}
}
