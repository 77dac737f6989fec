package no.fjord.subscription.topic;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A subscription topic (Subscriptions R5 Backport IG): a canonical URL subscribers name, and the changes
 * it is about.
 *
 * @param url the canonical URL ({@code Subscription.criteria} of a topic-based subscription)
 * @param title what the topic is about, for people
 * @param triggers the changes that make an event; one matching trigger is enough
 */
public record Topic(@NotBlank String url, @NotBlank String title, @NotEmpty List<Trigger> triggers) {

	public Topic {
		triggers = List.copyOf(triggers);
	}

	/**
	 * One kind of change (SubscriptionTopic.resourceTrigger).
	 *
	 * @param resourceType the type changed
	 * @param interactions {@code create}, {@code update}, {@code delete}
	 * @param criteria a search the resource must match after the change ({@code status=final}); empty for any
	 * @param previousCriteria a search the version before an update must match ({@code status:not=final}), so
	 *     "became final" fires once; empty for any. A create passes it.
	 */
	public record Trigger(@NotBlank String resourceType, @NotEmpty Set<Interaction> interactions,
			@DefaultValue("") String criteria, @DefaultValue("") String previousCriteria) {

		public Trigger {
			interactions = Set.copyOf(interactions);
		}
	}

	public enum Interaction {
		CREATE, UPDATE, DELETE;

		public String code() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}
}
