package no.fjord.consent.blocking;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A rule of a blocking: who it names and which data it reaches. Every limit that is given must hold;
 * within one kind of limit, any value will do (the Observation or the Condition; either label).
 *
 * @param actors who the rule names, as {@link ActorKeys}
 * @param validity when the rule applies ({@code provision.period})
 * @param resourceTypes {@code provision.class}: the resource types it reaches, or all when empty
 * @param securityLabels {@code provision.securityLabel} as {@code system|code}: only data with one of them
 * @param dataPeriod {@code provision.dataPeriod}: only data whose clinical date falls in it
 * @param data {@code provision.data}: only these resources (and what belongs to them)
 * @param exceptions nested permit provisions of a deny provision
 */
public record Provision(Set<String> actors, DateRange validity, Set<String> resourceTypes,
		Set<String> securityLabels, DateRange dataPeriod, List<DataReference> data, List<Provision> exceptions) {

	public Provision {
		actors = Set.copyOf(actors);
		resourceTypes = Set.copyOf(resourceTypes);
		securityLabels = Set.copyOf(securityLabels);
		data = List.copyOf(data);
		exceptions = List.copyOf(exceptions);
	}

	boolean appliesAt(Instant now) {
		return validity == null || validity.contains(now);
	}

	/** Whether this rule reaches every piece of data: it has no type, label, period or data limit. */
	boolean coversAllData() {
		return resourceTypes.isEmpty() && securityLabels.isEmpty() && dataPeriod == null && data.isEmpty();
	}

	boolean covers(DataFacts facts) {
		if (!resourceTypes.isEmpty() && !resourceTypes.contains(facts.resourceType())) {
			return false;
		}
		if (!securityLabels.isEmpty() && facts.securityLabels().stream().noneMatch(securityLabels::contains)) {
			return false;
		}
		if (dataPeriod != null) {
			DateRange date = facts.clinicalDate();
			// Data without a clinical date lies in no period.
			if (date == null || !date.overlaps(dataPeriod)) {
				return false;
			}
		}
		return data.isEmpty() || data.stream().anyMatch(reference -> reference.covers(facts));
	}
}
