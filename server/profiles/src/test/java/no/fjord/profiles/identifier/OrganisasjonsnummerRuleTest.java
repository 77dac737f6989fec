package no.fjord.profiles.identifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrganisasjonsnummerRuleTest {

	private final OrganisasjonsnummerRule rule = new OrganisasjonsnummerRule();

	@ParameterizedTest
	@ValueSource(strings = {"974760673", "983654363", "923456783"})
	void validNumbers(String number) {
		assertThat(rule.problem(number)).isEmpty();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource({
		"974760674, check digit",
		"97476067, exactly 9 digits",
		"9747606730, exactly 9 digits",
		"97476O673, exactly 9 digits",
		// 12345678: weighted sum 138, remainder 6, check 5; any other final digit is wrong
		"123456780, check digit"
	})
	void invalidNumbers(String number, String message) {
		assertThat(rule.problem(number)).hasValueSatisfying(p -> assertThat(p).contains(message));
	}

	/**
	 * Every eight-digit prefix has exactly one valid check digit, except those whose weighted sum
	 * leaves remainder 1: their check digit would be 10, so no number with that prefix is valid.
	 */
	@org.junit.jupiter.api.Test
	void eachPrefixHasOneCheckDigitOrNoneWhenItWouldBeTen() {
		for (int prefix = 10_000_000; prefix < 10_002_000; prefix++) {
			String digits = Integer.toString(prefix);
			int sum = 0;
			int[] weights = {3, 2, 7, 6, 5, 4, 3, 2};
			for (int i = 0; i < 8; i++) {
				sum += (digits.charAt(i) - '0') * weights[i];
			}
			long accepted = 0;
			for (int last = 0; last <= 9; last++) {
				if (rule.problem(digits + last).isEmpty()) {
					accepted++;
				}
			}
			assertThat(accepted).as(digits).isEqualTo(sum % 11 == 1 ? 0 : 1);
		}
	}
}
