package no.fjord.examples.synthetic;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws fødselsnumre that are unique within one data set. The set of issued numbers is only
 * queried for membership, never iterated, so its hash order cannot leak into the output.
 */
final class FodselsnummerAllocator {

	/** Tries per birth date before the caller should pick another date. */
	private static final int ATTEMPTS_PER_DATE = 50;

	private final Set<String> issued = new HashSet<>();

	/** An unused FNR for this birth date and gender, or empty when none was found quickly. */
	Optional<String> allocate(LocalDate birthDate, boolean male, SplittableRandom random) {
		int[] range = Fodselsnummer.individualNumberRange(birthDate.getYear());
		for (int attempt = 0; attempt < ATTEMPTS_PER_DATE; attempt++) {
			int individual = random.nextInt(range[0], range[1] + 1);
			// the last individual digit carries the gender: force its parity
			if ((individual % 2 == 1) != male) {
				individual += individual == range[1] ? -1 : 1;
			}
			Optional<String> fnr = Fodselsnummer.of(birthDate, individual);
			if (fnr.isPresent() && issued.add(fnr.get())) {
				return fnr;
			}
		}
		return Optional.empty();
	}
}
