package no.fjord.subscription.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import no.fjord.subscription.delivery.DeliveryAccess;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionDefinition.Filter;
import no.fjord.subscription.registry.SubscriptionState;
import no.fjord.subscription.topic.Topic;
import no.fjord.subscription.topic.Topic.Trigger;
import no.fjord.subscription.topic.Topics;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Which subscriptions a change is an event for. A criteria subscription (R4) is told when a resource is
 * created or updated so that it matches its search. A topic-based one when one of the topic's triggers
 * fires (interaction, the resource's state after the change and, for updates, before it) and the
 * resource passes the subscriber's filter for its type. A subscriber who may not read the resource (scopes,
 * blockings) gets no event at all, so even the event count does not tell that hidden data changed.
 */
public final class EventMatcher {

	private final Topics topics;
	private final QueryMatcher queries;
	private final DeliveryAccess access;

	public EventMatcher(Topics topics, QueryMatcher queries, DeliveryAccess access) {
		this.topics = topics;
		this.queries = queries;
		this.access = access;
	}

	/**
	 * @param resource the version the change produced (for a delete: the version deleted)
	 * @param previous the version before an update, read only when a trigger needs it
	 */
	public List<SubscriptionState> subscriptionsTold(Change change, List<SubscriptionState> candidates,
			IBaseResource resource, Supplier<Optional<IBaseResource>> previous) {
		List<SubscriptionState> told = new ArrayList<>();
		for (SubscriptionState candidate : candidates) {
			if (isEvent(change, candidate.definition(), resource, previous)
					&& access.maySee(candidate.subscriber(), resource)
					&& !access.matchedOnHiddenAddress(candidate.subscriber(), candidate.definition(), resource)) {
				told.add(candidate);
			}
		}
		return told;
	}

	private boolean isEvent(Change change, SubscriptionDefinition definition, IBaseResource resource,
			Supplier<Optional<IBaseResource>> previous) {
		if (!definition.isTopicBased()) {
			Optional<Filter> criteria = definition.filterFor(change.resourceType());
			return !change.isDelete() && criteria.isPresent() && queries.matchesStored(criteria.get().query(), resource);
		}
		Optional<Topic> topic = topics.find(definition.topicUrl());
		if (topic.isEmpty() || topic.get().triggers().stream().noneMatch(trigger -> fires(trigger, change, resource, previous))) {
			return false;
		}
		String filter = definition.filterFor(change.resourceType()).map(Filter::query).orElse("");
		return matches(filter, change, resource);
	}

	private boolean fires(Trigger trigger, Change change, IBaseResource resource,
			Supplier<Optional<IBaseResource>> previous) {
		if (!trigger.resourceType().equals(change.resourceType())
				|| trigger.interactions().stream().noneMatch(interaction -> interaction.code().equals(change.interaction()))
				|| !matches(trigger.criteria(), change, resource)) {
			return false;
		}
		if (!change.isUpdate() || trigger.previousCriteria().isEmpty()) {
			return true;
		}
		return previous.get().map(before -> queries.matchedVersion(trigger.previousCriteria(), before)).orElse(true);
	}

	private boolean matches(String query, Change change, IBaseResource resource) {
		return change.isDelete() ? queries.matchedVersion(query, resource) : queries.matchesStored(query, resource);
	}
}
