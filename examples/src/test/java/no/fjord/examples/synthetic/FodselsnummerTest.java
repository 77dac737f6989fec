package no.fjord.examples.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class FodselsnummerTest {

	@Test
	void ofWhenCheckDigitsComputableThenIndependentMod11CheckAccepts() {
		LocalDate[] dates = {LocalDate.of(1930, 1, 1), LocalDate.of(1985, 3, 14), LocalDate.of(1999, 12, 31),
			LocalDate.of(2000, 2, 29), LocalDate.of(2015, 12, 31)};
		int produced = 0;
		for (LocalDate date : dates) {
			int[] range = Fodselsnummer.individualNumberRange(date.getYear());
			for (int individual = range[0]; individual <= range[1]; individual++) {
				Optional<String> fnr = Fodselsnummer.of(date, individual);
				if (fnr.isPresent()) {
					produced++;
					assertThat(IndependentFodselsnummer.isValid(fnr.get())).as(fnr.get()).isTrue();
					assertThat(IndependentFodselsnummer.birthDate(fnr.get())).isEqualTo(date);
					assertThat(fnr.get().substring(6, 9)).isEqualTo(String.format(Locale.ROOT, "%03d", individual));
				}
			}
		}
		// about 1 in 11 individual numbers fail each check digit, so most must be usable
		assertThat(produced).isGreaterThan(dates.length * 500 * 3 / 4);
	}

	@Test
	void ofWhenACheckDigitWouldBeTenThenEmpty() {
		LocalDate date = LocalDate.of(1985, 3, 14);
		int rejected = 0;
		for (int individual = 0; individual <= 499; individual++) {
			if (Fodselsnummer.of(date, individual).isEmpty()) {
				rejected++;
				assertThat(anyCheckDigitPasses(date, individual)).as("individual %d", individual).isFalse();
			}
		}
		assertThat(rejected).isPositive();
	}

	@Test
	void individualNumberRangeFollowsBirthCentury() {
		assertThat(Fodselsnummer.individualNumberRange(1930)).containsExactly(0, 499);
		assertThat(Fodselsnummer.individualNumberRange(1999)).containsExactly(0, 499);
		assertThat(Fodselsnummer.individualNumberRange(2000)).containsExactly(500, 999);
		assertThat(Fodselsnummer.individualNumberRange(2039)).containsExactly(500, 999);
		assertThatThrownBy(() -> Fodselsnummer.individualNumberRange(1899)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void ofWhenIndividualNumberBelongsToOtherCenturyThenRejected() {
		assertThatThrownBy(() -> Fodselsnummer.of(LocalDate.of(2005, 5, 5), 123))
				.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Fodselsnummer.of(LocalDate.of(1975, 5, 5), 723))
				.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void hasValidCheckDigitsWhenAnyDigitChangedThenFalse() {
		String fnr = Fodselsnummer.of(LocalDate.of(1985, 3, 14), 254).orElseThrow();
		assertThat(Fodselsnummer.hasValidCheckDigits(fnr)).isTrue();
		for (int i = 0; i < fnr.length(); i++) {
			char changed = (char) ('0' + (fnr.charAt(i) - '0' + 1) % 10);
			String tampered = fnr.substring(0, i) + changed + fnr.substring(i + 1);
			assertThat(Fodselsnummer.hasValidCheckDigits(tampered)).as(tampered).isFalse();
		}
		assertThat(Fodselsnummer.hasValidCheckDigits("1234567890")).isFalse();
		assertThat(Fodselsnummer.hasValidCheckDigits("1403852540a")).isFalse();
		assertThat(Fodselsnummer.hasValidCheckDigits(null)).isFalse();
	}

	@Test
	void isMaleReadsThirdIndividualDigit() {
		assertThat(Fodselsnummer.isMale(Fodselsnummer.of(LocalDate.of(1985, 3, 14), 251).orElseThrow())).isTrue();
		assertThat(Fodselsnummer.isMale(Fodselsnummer.of(LocalDate.of(1985, 3, 14), 254).orElseThrow())).isFalse();
	}

	/** Whether some pair of check digits 0-9 makes the number valid by the independent rule. */
	private static boolean anyCheckDigitPasses(LocalDate date, int individual) {
		String prefix = String.format(Locale.ROOT, "%02d%02d%02d%03d", date.getDayOfMonth(), date.getMonthValue(),
				date.getYear() % 100, individual);
		for (int k = 0; k < 100; k++) {
			if (IndependentFodselsnummer.isValid(prefix + String.format(Locale.ROOT, "%02d", k))) {
				return true;
			}
		}
		return false;
	}
}
