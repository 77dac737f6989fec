package no.fjord.examples.synthetic;

import java.time.LocalDate;

/**
 * A second, deliberately different reading of a fødselsnummer for the tests: validity as "the
 * weighted sum including the check digit is divisible by 11", and the birth date and gender
 * decoded from the digits. It shares no code with {@link Fodselsnummer}.
 */
final class IndependentFodselsnummer {

	private static final int[] CONTROL_1 = {3, 7, 6, 1, 8, 9, 4, 5, 2, 1};
	private static final int[] CONTROL_2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1};

	private IndependentFodselsnummer() {
	}

	static boolean isValid(String fnr) {
		if (!fnr.matches("\\d{11}")) {
			return false;
		}
		return weightedSum(fnr, CONTROL_1) % 11 == 0 && weightedSum(fnr, CONTROL_2) % 11 == 0;
	}

	static LocalDate birthDate(String fnr) {
		int day = Integer.parseInt(fnr.substring(0, 2));
		int month = Integer.parseInt(fnr.substring(2, 4));
		int yy = Integer.parseInt(fnr.substring(4, 6));
		int individual = Integer.parseInt(fnr.substring(6, 9));
		int century;
		if (individual <= 499) {
			century = 1900;
		} else if (yy <= 39) {
			century = 2000;
		} else {
			throw new AssertionError("individual number " + individual + " with year " + yy + " is outside 1900-2039");
		}
		return LocalDate.of(century + yy, month, day);
	}

	static boolean isMale(String fnr) {
		return Character.getNumericValue(fnr.charAt(8)) % 2 != 0;
	}

	private static int weightedSum(String digits, int[] weights) {
		int sum = 0;
		for (int i = 0; i < weights.length; i++) {
			sum += Character.getNumericValue(digits.charAt(i)) * weights[i];
		}
		return sum;
	}
}
