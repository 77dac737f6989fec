package no.fjord.subscription.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import no.fjord.subscription.SubscriptionProperties;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionDefinition.Filter;
import no.fjord.subscription.registry.SubscriptionDefinition.Payload;
import no.fjord.subscription.topic.Topic.Interaction;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class TopicsTest {

	private final Topics topics = new Topics(ShippedTopics.all(), List.of());

	@Test
	void findIgnoresAVersionSuffix() {
		assertThat(topics.find(ShippedTopics.BASE + "lab-result-final|1.0")).isPresent();
		assertThat(topics.find(ShippedTopics.BASE + "no-such-topic")).isEmpty();
	}

	@Test
	void topicSubscriptionWatchesEveryTypeItsTopicTriggersOn() {
		SubscriptionDefinition lab = definition(ShippedTopics.BASE + "lab-result-final", List.of());
		assertThat(topics.typesWatchedBy(lab)).containsExactly("DiagnosticReport", "Observation");
		SubscriptionDefinition criteria = definition(null, List.of(new Filter("Encounter", "status=finished")));
		assertThat(topics.typesWatchedBy(criteria)).containsExactly("Encounter");
	}

	@Test
	void configuredTopicMayNotShadowAShippedOne() {
		Topic shadow = new Topic(ShippedTopics.BASE + "home-measurement", "mine",
				List.of(new Topic.Trigger("Observation", Set.of(Interaction.CREATE), "", "")));
		assertThatThrownBy(() -> new Topics(ShippedTopics.all(), List.of(shadow)))
				.isInstanceOf(IllegalStateException.class).hasMessageContaining("home-measurement");
	}

	@Test
	void operatorTopicBindsFromConfigurationWithLowerCaseInteractions() {
		Map<String, String> yaml = Map.of(
				"fjord.subscription.topics[0].url", "https://helse.example.no/fhir/SubscriptionTopic/referral",
				"fjord.subscription.topics[0].title", "A referral arrived",
				"fjord.subscription.topics[0].triggers[0].resource-type", "ServiceRequest",
				"fjord.subscription.topics[0].triggers[0].interactions", "create,update",
				"fjord.subscription.topics[0].triggers[0].criteria", "status=active");
		SubscriptionProperties properties = new Binder(new MapConfigurationPropertySource(yaml))
				.bindOrCreate("fjord.subscription", SubscriptionProperties.class);
		Topic.Trigger trigger = properties.topics().get(0).triggers().get(0);
		assertThat(trigger.interactions()).containsExactlyInAnyOrder(Interaction.CREATE, Interaction.UPDATE);
		assertThat(trigger.previousCriteria()).isEmpty();
		assertThat(new Topics(ShippedTopics.all(), properties.topics())
				.find("https://helse.example.no/fhir/SubscriptionTopic/referral")).isPresent();
		assertThat(properties.delivery().giveUpAfter()).as("defaults bound too").hasHours(25);
	}

	private static SubscriptionDefinition definition(String topic, List<Filter> filters) {
		return new SubscriptionDefinition("s1", topic, filters, "rest-hook", "https://example.org", null, Payload.EMPTY,
				List.of(), 0, null, "https://fjord.example/fhir");
	}
}
