package no.fjord.profiles.identifier;

import java.util.Optional;
import no.fjord.common.fhir.NorwegianIdentifierSystems;

/**
 * Fødselsnummer ({@value NorwegianIdentifierSystems#FODSELSNUMMER}): 11 digits, both check digits,
 * and a real birth date. The month may carry +40 (H-nummer, hospitals' help numbers) or +80
 * (synthetic test persons from the Norwegian Tax Administration's test population); a day + 40 is a
 * D-nummer, which has a system of its own.
 */
public final class FodselsnummerRule implements IdentifierRule {

	private static final String NAME = "fødselsnummer";

	@Override
	public String system() {
		return NorwegianIdentifierSystems.FODSELSNUMMER;
	}

	@Override
	public Optional<String> problem(String value) {
		Optional<String> format = PersonNumber.formatProblem(value, NAME);
		if (format.isPresent()) {
			return format;
		}
		int day = PersonNumber.twoDigits(value, 0);
		if (day > 40) {
			return Optional.of("is a D-nummer (day of birth + 40), not a fødselsnummer; use the system "
					+ NorwegianIdentifierSystems.D_NUMMER);
		}
		return BirthDateEncoding.problem(value, day, NAME).or(() -> PersonNumber.checkDigitProblem(value, NAME));
	}
}
