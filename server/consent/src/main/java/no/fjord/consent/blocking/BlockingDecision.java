package no.fjord.consent.blocking;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether any of a patient's blockings keeps a piece of data from a caller.
 *
 * <p>A blocking applies when it is valid now, names the caller (the person, one of their roles, one of
 * their organisations or care teams) and its limits reach the data. One of its exceptions lifts it when
 * the exception reaches the data and either names nobody (a data exception: "but not the allergies")
 * or names the caller by a key the blocking itself did not use to name them ("the whole department,
 * except Dr Hansen"). An exception naming the very actor the blocking names does not lift it: deny wins
 * over permit for the same actor. Blockings do not lift each other.
 */
public final class BlockingDecision {

	private BlockingDecision() {
	}

	/** The first blocking that keeps this data from a caller known by these keys, if any. */
	public static Optional<Blocking> blockingOf(Collection<Blocking> blockings, Set<String> callerKeys,
			DataFacts data, Instant now) {
		for (Blocking blocking : blockings) {
			if (keeps(blocking.deny(), callerKeys, data, now)) {
				return Optional.of(blocking);
			}
		}
		return Optional.empty();
	}

	/**
	 * Whether this blocking keeps anything at all from a caller known by these keys: it is valid now, names
	 * them, and no exception lifts it for them whatever the data. For what is about the patient rather than
	 * one piece of data (their audit trail, which names the blocked data and the blocking).
	 */
	public static boolean reachesCaller(Blocking blocking, Set<String> callerKeys, Instant now) {
		Provision deny = blocking.deny();
		Set<String> namedBy = intersection(deny.actors(), callerKeys);
		return deny.appliesAt(now) && !namedBy.isEmpty() && deny.exceptions().stream().noneMatch(exception ->
				exception.appliesAt(now) && exception.coversAllData() && liftsFor(exception, namedBy, callerKeys));
	}

	private static boolean keeps(Provision deny, Set<String> callerKeys, DataFacts data, Instant now) {
		if (!deny.appliesAt(now)) {
			return false;
		}
		Set<String> namedBy = intersection(deny.actors(), callerKeys);
		if (namedBy.isEmpty() || !deny.covers(data)) {
			return false;
		}
		return deny.exceptions().stream().noneMatch(exception -> lifts(exception, namedBy, callerKeys, data, now));
	}

	private static boolean lifts(Provision exception, Set<String> namedBy, Set<String> callerKeys, DataFacts data,
			Instant now) {
		return exception.appliesAt(now) && exception.covers(data) && liftsFor(exception, namedBy, callerKeys);
	}

	/** Whether an exception is for this caller: it names nobody, or names them by a key the blocking did not use. */
	private static boolean liftsFor(Provision exception, Set<String> namedBy, Set<String> callerKeys) {
		if (exception.actors().isEmpty()) {
			return true;
		}
		Set<String> permitted = intersection(exception.actors(), callerKeys);
		return !permitted.isEmpty() && intersection(permitted, namedBy).isEmpty();
	}

	private static Set<String> intersection(Set<String> a, Set<String> b) {
		Set<String> result = new HashSet<>(a);
		result.retainAll(b);
		return result;
	}
}
