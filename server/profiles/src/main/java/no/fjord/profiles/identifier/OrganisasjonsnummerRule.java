package no.fjord.profiles.identifier;

import java.util.Optional;
import no.fjord.common.fhir.NorwegianIdentifierSystems;

/**
 * Organisasjonsnummer ({@value NorwegianIdentifierSystems#ORGANISASJONSNUMMER}): 9 digits, the last a
 * modulus-11 check digit over the first eight with weights 3 2 7 6 5 4 3 2 (Brønnøysundregistrene).
 */
public final class OrganisasjonsnummerRule implements IdentifierRule {

	private static final int[] WEIGHTS = {3, 2, 7, 6, 5, 4, 3, 2};

	@Override
	public String system() {
		return NorwegianIdentifierSystems.ORGANISASJONSNUMMER;
	}

	@Override
	public Optional<String> problem(String value) {
		if (value == null || value.length() != 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return Optional.of("is not a valid organisasjonsnummer: it must be exactly 9 digits");
		}
		int sum = 0;
		for (int i = 0; i < WEIGHTS.length; i++) {
			sum += (value.charAt(i) - '0') * WEIGHTS[i];
		}
		int check = 11 - sum % 11;
		if (check == 11) {
			check = 0;
		}
		if (check == 10 || check != value.charAt(8) - '0') {
			return Optional.of("is not a valid organisasjonsnummer: the check digit (digit 9) is wrong");
		}
		return Optional.empty();
	}
}
