package no.fjord.profiles.identifier;

import java.util.Optional;
import no.fjord.common.fhir.NorwegianIdentifierSystems;

/**
 * Felles hjelpenummer ({@value NorwegianIdentifierSystems#FH_NUMMER}): 11 digits starting with 8 or 9,
 * with the same two check digits as a fødselsnummer and no birth date.
 */
public final class FhNummerRule implements IdentifierRule {

	private static final String NAME = "FH-nummer";

	@Override
	public String system() {
		return NorwegianIdentifierSystems.FH_NUMMER;
	}

	@Override
	public Optional<String> problem(String value) {
		Optional<String> format = PersonNumber.formatProblem(value, NAME);
		if (format.isPresent()) {
			return format;
		}
		if (value.charAt(0) != '8' && value.charAt(0) != '9') {
			return Optional.of("is not a valid FH-nummer: the first digit must be 8 or 9");
		}
		return PersonNumber.checkDigitProblem(value, NAME);
	}
}
