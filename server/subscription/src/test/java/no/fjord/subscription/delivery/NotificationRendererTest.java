package no.fjord.subscription.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionDefinition.Payload;
import no.fjord.subscription.registry.SubscriptionState;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;

class NotificationRendererTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final String TOPIC = "https://fjord-fhir.no/fhir/SubscriptionTopic/encounter-finished";

	private final NotificationRenderer renderer = new NotificationRenderer(FHIR);

	@Test
	void handshakeWhenTopicSubscriptionHasNoFilterThenNamesTheTopic() {
		SubscriptionDefinition everyEncounter = new SubscriptionDefinition("s1", TOPIC, List.of(), "rest-hook",
				"https://receiver.example/hook", "application/fhir+json", Payload.ID_ONLY, List.of(), 0, null,
				"https://fjord.example/fhir");
		SubscriptionState requested = new SubscriptionState(everyEncounter, "requested", null, null, 0, 0, 0, null, null,
				null, null);

		Notification handshake = renderer.handshake(requested);

		Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, new String(handshake.body(),
				java.nio.charset.StandardCharsets.UTF_8));
		Parameters status = (Parameters) bundle.getEntryFirstRep().getResource();
		assertThat(status.getParameter("topic").getValue().primitiveValue()).isEqualTo(TOPIC);
		assertThat(status.getParameter("type").getValue().primitiveValue()).isEqualTo("handshake");
	}
}
