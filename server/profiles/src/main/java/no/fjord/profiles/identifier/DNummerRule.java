package no.fjord.profiles.identifier;

import java.util.Optional;
import no.fjord.common.fhir.NorwegianIdentifierSystems;

/**
 * D-nummer ({@value NorwegianIdentifierSystems#D_NUMMER}): like a fødselsnummer, with 40 added to the
 * day of birth (first digit 4–7).
 */
public final class DNummerRule implements IdentifierRule {

	private static final String NAME = "D-nummer";

	@Override
	public String system() {
		return NorwegianIdentifierSystems.D_NUMMER;
	}

	@Override
	public Optional<String> problem(String value) {
		Optional<String> format = PersonNumber.formatProblem(value, NAME);
		if (format.isPresent()) {
			return format;
		}
		int encodedDay = PersonNumber.twoDigits(value, 0);
		if (encodedDay <= 40) {
			return Optional.of("is not a valid D-nummer: the day of birth must have 40 added (first digit 4 to 7)");
		}
		return BirthDateEncoding.problem(value, encodedDay - 40, NAME)
				.or(() -> PersonNumber.checkDigitProblem(value, NAME));
	}
}
