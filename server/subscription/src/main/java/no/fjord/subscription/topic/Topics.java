package no.fjord.subscription.topic;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import no.fjord.subscription.registry.SubscriptionDefinition;

/** The topics this server offers: the shipped ones and those the operator configured, by canonical URL. */
public final class Topics {

	private final Map<String, Topic> byUrl = new LinkedHashMap<>();

	public Topics(List<Topic> shipped, List<Topic> configured) {
		shipped.forEach(topic -> byUrl.put(topic.url(), topic));
		for (Topic topic : configured) {
			if (byUrl.putIfAbsent(topic.url(), topic) != null) {
				throw new IllegalStateException("Topic " + topic.url() + " is configured twice (or shadows a shipped topic)");
			}
		}
	}

	/** The topic, by its canonical URL; a {@code |version} suffix is ignored. */
	public Optional<Topic> find(String canonical) {
		int bar = canonical.indexOf('|');
		return Optional.ofNullable(byUrl.get(bar < 0 ? canonical : canonical.substring(0, bar)));
	}

	/** The resource types a change to which can be an event for this subscription. */
	public Set<String> typesWatchedBy(SubscriptionDefinition definition) {
		if (!definition.isTopicBased()) {
			return definition.filteredTypes();
		}
		Set<String> types = new TreeSet<>();
		find(definition.topicUrl()).ifPresent(topic -> topic.triggers().forEach(trigger -> types.add(trigger.resourceType())));
		return types;
	}

	public Collection<Topic> all() {
		return byUrl.values();
	}
}
