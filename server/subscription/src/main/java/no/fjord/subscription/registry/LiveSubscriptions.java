package no.fjord.subscription.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import no.fjord.subscription.topic.Topics;

/**
 * The subscriptions that take events ({@code requested} and {@code active}), in memory and by resource
 * type, so recording a change costs no database query and matching skips subscriptions about other
 * patients. Read from the table on first use, reloaded after a Subscription is written here, and when
 * another process changed the table.
 */
public final class LiveSubscriptions {

	private record Snapshot(String stamp, Map<String, List<SubscriptionState>> byType) {
	}

	private final SubscriptionRecords records;
	private final Topics topics;
	private volatile Snapshot snapshot = new Snapshot(null, Map.of());

	public LiveSubscriptions(SubscriptionRecords records, Topics topics) {
		this.records = records;
		this.topics = topics;
	}

	/** Whether any live subscription could be told about a change to a resource of this type. */
	public boolean watch(String resourceType) {
		return current().byType().containsKey(resourceType);
	}

	/**
	 * The live subscriptions a change to this resource type may concern: those about any patient, and
	 * those about one of {@code patients} (the bare ids of the patients whose compartment holds it).
	 */
	public List<SubscriptionState> candidates(String resourceType, Set<String> patients) {
		List<SubscriptionState> candidates = new ArrayList<>();
		for (SubscriptionState state : current().byType().getOrDefault(resourceType, List.of())) {
			String patient = state.definition().patientId();
			if (patient == null || patients.contains(patient)) {
				candidates.add(state);
			}
		}
		return candidates;
	}

	/**
	 * The copy in memory, read first if it never was: a process takes writes before its dispatcher first looks
	 * at the table, and a write that found no subscription watching would never be recorded in the outbox.
	 */
	private Snapshot current() {
		if (snapshot.stamp() == null) {
			refreshIfChanged();
		}
		return snapshot;
	}

	/** Reads the table again if any row changed since the last read. */
	public synchronized void refreshIfChanged() {
		String stamp = records.changeStamp();
		if (!Objects.equals(stamp, snapshot.stamp())) {
			load(stamp);
		}
	}

	public synchronized void reload() {
		load(records.changeStamp());
	}

	private void load(String stamp) {
		Map<String, List<SubscriptionState>> byType = new HashMap<>();
		for (SubscriptionState state : records.live()) {
			for (String type : topics.typesWatchedBy(state.definition())) {
				byType.computeIfAbsent(type, key -> new ArrayList<>()).add(state);
			}
		}
		snapshot = new Snapshot(stamp, Map.copyOf(byType));
	}
}
