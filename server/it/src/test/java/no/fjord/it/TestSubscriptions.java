package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * Subscriptions for the tests: the arguments that let a Fjord process of its own deliver to a loopback
 * receiver, the Subscriptions, resources that fire topics, and what a receiver makes of a notification.
 */
final class TestSubscriptions {

	static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
			"fjord-subscription-it-secret-32b".getBytes(StandardCharsets.US_ASCII));
	static final String TOPICS = "https://fjord-fhir.no/fhir/SubscriptionTopic/";
	static final String SECRET_EXTENSION = "https://fjord-fhir.no/fhir/StructureDefinition/subscription-signing-secret";
	static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
	static final String HOME_MEASUREMENT = TOPICS + "home-measurement";

	private static final ca.uhn.fhir.context.FhirContext FHIR = ca.uhn.fhir.context.FhirContext.forR4Cached();

	private TestSubscriptions() {}

	/**
	 * Loopback receivers allowed; an unanswered notification given up after 10 s, and retried soon. The lease
	 * a killed process leaves runs out after 2 * (10 s + 2 s) + 5 s, before a restarted Fjord is up.
	 */
	static List<String> deliveryArguments() {
		return List.of(
				"--fjord.subscription.endpoints.insecure-hosts=localhost,127.0.0.1",
				"--fjord.subscription.endpoints.private-hosts=localhost,127.0.0.1",
				"--fjord.subscription.delivery.timeout=10s",
				"--fjord.subscription.delivery.connect-timeout=2s",
				"--fjord.subscription.delivery.first-retry=200ms",
				"--fjord.subscription.delivery.longest-retry=1s");
	}

	/** An R4 criteria subscription that PUTs each matching resource to {@code endpoint/[type]/[id]}. */
	static Subscription criteria(String criteria, String endpoint) {
		Subscription subscription = new Subscription();
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("notifications for a test");
		subscription.setCriteria(criteria);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint)
				.setPayload("application/fhir+json").addExtension(SECRET_EXTENSION, new StringType(SECRET));
		return subscription;
	}

	/** A Backport IG topic subscription (Subscriptions R5 Backport, R4 profile) with id-only notifications. */
	static Subscription topic(String topic, String filter, String endpoint) {
		Subscription subscription = criteria(topic, endpoint);
		subscription.getMeta().addProfile(BACKPORT + "backport-subscription");
		subscription.getCriteriaElement().addExtension(BACKPORT + "backport-filter-criteria", new StringType(filter));
		subscription.getChannel().getPayloadElement().addExtension(BACKPORT + "backport-payload-content",
				new CodeType("id-only"));
		return subscription;
	}

	/** A body weight measured at home, valid against Fjord's home-measurement profile. */
	static Observation homeMeasurement(String patient, String device) {
		Observation observation = FHIR.newJsonParser().parseResource(Observation.class, """
				{"resourceType":"Observation","meta":{"profile":["https://fjord-fhir.no/fhir/StructureDefinition/fjord-home-measurement"]},
				"status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
				"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},
				"effectiveDateTime":"2026-11-20T07:30:00+01:00",
				"valueQuantity":{"value":71.4,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}""");
		observation.getSubject().setReference("Patient/" + patient);
		observation.getDevice().setReference("Device/" + device);
		return observation;
	}

	/**
	 * The event number of a notification to {@code subscriptionId}, from its idempotency key
	 * ({@code webhook-id} = {@code [subscription]-[event number]}); empty for a handshake or heartbeat.
	 */
	static OptionalLong eventNumber(TestReceiver.Received notification, String subscriptionId) {
		String key = notification.header("webhook-id");
		if (key == null || !key.startsWith(subscriptionId + "-") || !key.substring(subscriptionId.length() + 1).matches("[0-9]+")) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(Long.parseLong(key.substring(subscriptionId.length() + 1)));
	}

	/** Verifies the Standard Webhooks signature as a receiver would, with the shared secret. */
	static void assertSigned(TestReceiver.Received received) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
			String signed = received.header("webhook-id") + "." + received.header("webhook-timestamp") + "." + received.body();
			String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
			assertThat(received.header("webhook-signature")).as("signature of " + received.header("webhook-id"))
					.isEqualTo(expected);
		} catch (GeneralSecurityException impossible) {
			throw new IllegalStateException(impossible);
		}
	}
}
