package no.fjord.examples.synthetic;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Check-digit arithmetic for the Norwegian national identity number (fødselsnummer, FNR):
 * {@code DDMMYY} + a three-digit individual number + two modulus-11 check digits.
 *
 * <p>The individual number encodes the century of birth (000–499 for 1900–1999, 500–999 for
 * 2000–2039) and the legal gender in its last digit (odd: male, even: female). Rules as published
 * by Skatteetaten for the Folkeregister; the FHIR identifier system is the no-basis NamingSystem
 * {@value CodeSystems#FODSELSNUMMER}.
 */
public final class Fodselsnummer {

	private static final int[] K1_WEIGHTS = {3, 7, 6, 1, 8, 9, 4, 5, 2};
	private static final int[] K2_WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

	private Fodselsnummer() {
	}

	/**
	 * The individual numbers allowed for a birth year, as {@code {lowest, highest}}; only the
	 * ranges Fjord generates (1900–2039) are supported.
	 */
	public static int[] individualNumberRange(int birthYear) {
		if (birthYear >= 1900 && birthYear <= 1999) {
			return new int[] {0, 499};
		}
		if (birthYear >= 2000 && birthYear <= 2039) {
			return new int[] {500, 999};
		}
		throw new IllegalArgumentException("birth year outside 1900-2039: " + birthYear);
	}

	/**
	 * Builds the FNR for a birth date and individual number, or empty when the check digits make
	 * this individual number unusable (a remainder that gives check digit 10).
	 */
	public static Optional<String> of(LocalDate birthDate, int individualNumber) {
		int[] range = individualNumberRange(birthDate.getYear());
		if (individualNumber < range[0] || individualNumber > range[1]) {
			throw new IllegalArgumentException(
					"individual number " + individualNumber + " does not match birth year " + birthDate.getYear());
		}
		int[] digits = new int[11];
		put(digits, 0, birthDate.getDayOfMonth());
		put(digits, 2, birthDate.getMonthValue());
		put(digits, 4, birthDate.getYear() % 100);
		digits[6] = individualNumber / 100;
		digits[7] = individualNumber / 10 % 10;
		digits[8] = individualNumber % 10;
		int k1 = checkDigit(digits, K1_WEIGHTS);
		if (k1 == 10) {
			return Optional.empty();
		}
		digits[9] = k1;
		int k2 = checkDigit(digits, K2_WEIGHTS);
		if (k2 == 10) {
			return Optional.empty();
		}
		digits[10] = k2;
		StringBuilder fnr = new StringBuilder(11);
		for (int digit : digits) {
			fnr.append((char) ('0' + digit));
		}
		return Optional.of(fnr.toString());
	}

	/** True when {@code value} has 11 digits and both check digits are right. */
	public static boolean hasValidCheckDigits(String value) {
		if (value == null || value.length() != 11 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return false;
		}
		int[] digits = value.chars().map(c -> c - '0').toArray();
		return checkDigit(digits, K1_WEIGHTS) == digits[9] && checkDigit(digits, K2_WEIGHTS) == digits[10];
	}

	/** Odd third individual digit means male. */
	public static boolean isMale(String fnr) {
		return (fnr.charAt(8) - '0') % 2 == 1;
	}

	private static void put(int[] digits, int at, int twoDigitValue) {
		digits[at] = twoDigitValue / 10;
		digits[at + 1] = twoDigitValue % 10;
	}

	/** 11 - (weighted sum mod 11); a result of 11 becomes 0, and 10 means "no valid digit". */
	private static int checkDigit(int[] digits, int[] weights) {
		int sum = 0;
		for (int i = 0; i < weights.length; i++) {
			sum += digits[i] * weights[i];
		}
		int k = 11 - sum % 11;
		return k == 11 ? 0 : k;
	}
}
