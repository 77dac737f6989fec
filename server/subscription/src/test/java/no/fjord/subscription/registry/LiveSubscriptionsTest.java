package no.fjord.subscription.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Set;
import no.fjord.subscription.registry.SubscriptionDefinition.Filter;
import no.fjord.subscription.registry.SubscriptionDefinition.Payload;
import no.fjord.subscription.topic.Topics;
import org.junit.jupiter.api.Test;

class LiveSubscriptionsTest {

	private final SubscriptionRecords records = mock(SubscriptionRecords.class);
	private final LiveSubscriptions live = new LiveSubscriptions(records, new Topics(List.of(), List.of()));

	/** A process restarted with subscriptions in the table takes writes before its dispatcher first refreshes. */
	@Test
	void watchWhenNeverRefreshedThenReadsTheTableFirst() {
		when(records.changeStamp()).thenReturn("1/2026-12-03 10:00:00+00");
		when(records.live()).thenReturn(List.of(observationSubscription("1")));

		assertThat(live.watch("Observation")).isTrue();
		assertThat(live.watch("Patient")).isFalse();
	}

	@Test
	void candidatesWhenNeverRefreshedThenReadsTheTableFirst() {
		when(records.changeStamp()).thenReturn("1/2026-12-03 10:00:00+00");
		when(records.live()).thenReturn(List.of(observationSubscription("1")));

		assertThat(live.candidates("Observation", Set.of())).extracting(SubscriptionState::id).containsExactly("1");
	}

	@Test
	void watchWhenRefreshedThenAsOfTheRefresh() {
		when(records.changeStamp()).thenReturn("0/");
		when(records.live()).thenReturn(List.of());
		live.refreshIfChanged();
		when(records.live()).thenReturn(List.of(observationSubscription("1")));

		assertThat(live.watch("Observation")).as("until the stamp says the table changed").isFalse();
	}

	private static SubscriptionState observationSubscription(String id) {
		SubscriptionDefinition definition = new SubscriptionDefinition(id, null, List.of(new Filter("Observation", "")),
				SubscriptionDefinition.REST_HOOK, "https://example.org/hook", "application/fhir+json", Payload.FULL_RESOURCE,
				List.of(), 0, null, "https://fjord.example/fhir");
		return new SubscriptionState(definition, "active", null, null, 0, 0, 0, null, null, null, null);
	}
}
