package no.fjord.consent.caller;

import java.util.Set;

/**
 * Who is asking, as far as blockings are concerned: every key a blocking could name them by (the person,
 * their HPR number, their roles, organisations up the {@code partOf} chain, care teams).
 *
 * @param id stable for one caller: the key emergency access is kept under
 * @param keys what a blocking may name them by, as {@code ActorKeys}
 * @param personnel a health-personnel user (not a patient, relative or system)
 */
public record Caller(String id, Set<String> keys, boolean personnel) {

	public Caller {
		keys = Set.copyOf(keys);
	}
}
