package no.fjord.profiles.identifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fødselsnummer, D-nummer and FH-nummer. The numbers were computed independently of this code (a
 * separate script applying the published mod-11 rules), so a wrong weight or offset here fails them.
 */
class PersonNumberRulesTest {

	private final FodselsnummerRule fodselsnummer = new FodselsnummerRule();
	private final DNummerRule dNummer = new DNummerRule();
	private final FhNummerRule fhNummer = new FhNummerRule();

	@ParameterizedTest(name = "{0} is a valid fødselsnummer ({1})")
	@CsvSource({
		"14038510070, born 14 March 1985",
		"29020050088, 29 February 2000 (leap year: individual number 500-999 means the 2000s)",
		"14438510053, H-nummer: month + 40",
		"14838510036, synthetic test person: month + 80",
		"14038510089, 2032 rule: first check sum leaves remainder 1",
		"14038510186, 2032 rule: first check sum leaves remainder 3"
	})
	void validFodselsnumre(String number, String why) {
		assertThat(fodselsnummer.problem(number)).as(why).isEmpty();
	}

	@ParameterizedTest(name = "{0} is refused: {1}")
	@CsvSource({
		"14038510071, second check digit, second check digit",
		"14038510003, first check sum leaves remainder 4, first check digit",
		"29020000064, 29 February 1900 (individual number below 500 means the 1900s; not a leap year), date of birth",
		"31048510186, 31 April, date of birth",
		"14138510070, month 13, date of birth",
		"1403851007, ten digits, exactly 11 digits",
		"1403851007X, a letter, exactly 11 digits",
		"54038510064, a D-nummer under the fødselsnummer system, D-nummer"
	})
	void invalidFodselsnumre(String number, String why, String message) {
		assertThat(fodselsnummer.problem(number)).as(why).hasValueSatisfying(problem ->
				assertThat(problem).contains(message));
	}

	@ParameterizedTest(name = "D-nummer {0}: {1}")
	@CsvSource({
		"54038510064, valid, ",
		"14038510070, a plain fødselsnummer, day of birth must have 40 added",
		"54038510065, second check digit, second check digit",
		"72038510064, day 32, date of birth"
	})
	void dNumre(String number, String why, String message) {
		if (message == null) {
			assertThat(dNummer.problem(number)).as(why).isEmpty();
		} else {
			assertThat(dNummer.problem(number)).as(why).hasValueSatisfying(p -> assertThat(p).contains(message));
		}
	}

	@ParameterizedTest(name = "FH-nummer {0}: {1}")
	@CsvSource({
		"81234567802, valid, ",
		"81234567803, second check digit, second check digit",
		"71234567802, first digit 7, first digit must be 8 or 9"
	})
	void fhNumre(String number, String why, String message) {
		if (message == null) {
			assertThat(fhNummer.problem(number)).as(why).isEmpty();
		} else {
			assertThat(fhNummer.problem(number)).as(why).hasValueSatisfying(p -> assertThat(p).contains(message));
		}
	}

	@ParameterizedTest(name = "a problem never repeats the number: {0}")
	@CsvSource({"14038510071", "29020000064", "54038510064"})
	void problemsDoNotQuoteTheNumber(String number) {
		assertThat(fodselsnummer.problem(number)).hasValueSatisfying(p -> assertThat(p).doesNotContain(number));
	}
}
