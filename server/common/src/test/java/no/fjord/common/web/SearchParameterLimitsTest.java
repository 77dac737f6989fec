package no.fjord.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchParameterLimitsTest {

	private final SearchParameterLimits limits = new SearchParameterLimits(3, 6);

	@Test
	void parametersWithinTheLimitsPass() {
		assertThat(limits.problemIn(Map.of("name", new String[] {"a", "b"}, "code", new String[] {"x,y,z\\,w"})))
				.isNull();
	}

	@Test
	void tooManyDifferentParametersAreNamedWithTheLimit() {
		Map<String, String[]> parameters = new HashMap<>();
		for (String name : new String[] {"a", "b", "c", "d"}) {
			parameters.put(name, new String[] {"1"});
		}

		assertThat(limits.problemIn(parameters)).isEqualTo("The request has 4 different parameters; at most 3 are accepted");
	}

	@Test
	void commaSeparatedAlternativesCountAsValues() {
		assertThat(limits.problemIn(Map.of("code", new String[] {"1,2,3,4", "5,6,7"})))
				.isEqualTo("The request has 7 parameter values; at most 6 are accepted");
	}

	@Test
	void fewerValuesThanParametersIsNotAConfiguration() {
		assertThatThrownBy(() -> new SearchParameterLimits(10, 5)).isInstanceOf(IllegalArgumentException.class);
	}
}
