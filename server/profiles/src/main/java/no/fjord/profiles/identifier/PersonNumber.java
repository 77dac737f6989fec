package no.fjord.profiles.identifier;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The arithmetic shared by Norwegian 11-digit person numbers (fødselsnummer, D-nummer, H-nummer,
 * FH-nummer): digits {@code DDMMYY III K1 K2}, two modulus-11 check digits and an encoded birth date.
 *
 * <p>Check digits: the weighted sum of digits 1–10 (weights 3 7 6 1 8 9 4 5 2 1) must leave remainder
 * 0 when divided by 11, and that of digits 1–11 (weights 5 4 3 2 7 6 5 4 3 2 1) likewise. From 2032 the
 * Norwegian Tax Administration also issues numbers whose first sum leaves remainder 1, 2 or 3, to
 * make more numbers per birth date; those are accepted too.
 */
final class PersonNumber {

	private static final int[] FIRST_WEIGHTS = {3, 7, 6, 1, 8, 9, 4, 5, 2, 1};
	private static final int[] SECOND_WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
	/** Remainders of the first weighted sum that the 2032 rule allows; before it only 0. */
	private static final List<Integer> FIRST_REMAINDERS = List.of(0, 1, 2, 3);

	private PersonNumber() {}

	static Optional<String> formatProblem(String value, String name) {
		if (value == null || value.length() != 11 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return Optional.of("is not a valid " + name + ": it must be exactly 11 digits");
		}
		return Optional.empty();
	}

	static Optional<String> checkDigitProblem(String digits, String name) {
		if (!FIRST_REMAINDERS.contains(weightedSum(digits, FIRST_WEIGHTS) % 11)) {
			return Optional.of("is not a valid " + name + ": the first check digit (digit 10) is wrong");
		}
		if (weightedSum(digits, SECOND_WEIGHTS) % 11 != 0) {
			return Optional.of("is not a valid " + name + ": the second check digit (digit 11) is wrong");
		}
		return Optional.empty();
	}

	/**
	 * Whether day and month (already stripped of the D-, H- or synthetic offsets) form a real date in
	 * a birth year the individual number allows. Numbers from the 2032 scheme no longer encode the
	 * century, so an individual number outside the old series allows any of the three centuries.
	 */
	static boolean isValidBirthDate(int day, int month, int twoDigitYear, int individualNumber) {
		return birthCenturies(twoDigitYear, individualNumber).anyMatch(century -> {
			try {
				LocalDate.of(century + twoDigitYear, month, day);
				return true;
			} catch (DateTimeException e) {
				return false;
			}
		});
	}

	/** The centuries the pre-2032 individual number series assign; all three when none applies. */
	private static IntStream birthCenturies(int year, int individual) {
		IntStream.Builder centuries = IntStream.builder();
		boolean any = false;
		if (individual <= 499) {
			centuries.add(1900);
			any = true;
		}
		if (individual >= 500 && individual <= 749 && year >= 54) {
			centuries.add(1800);
			any = true;
		}
		if (individual >= 500 && year <= 39) {
			centuries.add(2000);
			any = true;
		}
		if (individual >= 900 && year >= 40) {
			centuries.add(1900);
			any = true;
		}
		return any ? centuries.build() : IntStream.of(1800, 1900, 2000);
	}

	static int digit(String digits, int index) {
		return digits.charAt(index) - '0';
	}

	static int twoDigits(String digits, int index) {
		return digit(digits, index) * 10 + digit(digits, index + 1);
	}

	private static int weightedSum(String digits, int[] weights) {
		int sum = 0;
		for (int i = 0; i < weights.length; i++) {
			sum += digit(digits, i) * weights[i];
		}
		return sum;
	}
}
