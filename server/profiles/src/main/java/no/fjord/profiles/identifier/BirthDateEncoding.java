package no.fjord.profiles.identifier;

import java.util.Optional;

/** Reads the month (with its H-nummer or synthetic offset) and checks the encoded birth date. */
final class BirthDateEncoding {

	private BirthDateEncoding() {}

	static Optional<String> problem(String digits, int day, String name) {
		int encodedMonth = PersonNumber.twoDigits(digits, 2);
		// +40: H-nummer (and some test data); +80: the Tax Administration's synthetic test persons.
		int month = encodedMonth > 80 ? encodedMonth - 80 : encodedMonth > 40 ? encodedMonth - 40 : encodedMonth;
		int year = PersonNumber.twoDigits(digits, 4);
		int individual = Integer.parseInt(digits.substring(6, 9));
		if (!PersonNumber.isValidBirthDate(day, month, year, individual)) {
			return Optional.of("is not a valid " + name + ": the first six digits are not a valid date of birth");
		}
		return Optional.empty();
	}
}
