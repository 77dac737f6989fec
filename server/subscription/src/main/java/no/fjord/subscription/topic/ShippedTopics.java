package no.fjord.subscription.topic;

import static no.fjord.subscription.topic.Topic.Interaction.CREATE;
import static no.fjord.subscription.topic.Topic.Interaction.DELETE;
import static no.fjord.subscription.topic.Topic.Interaction.UPDATE;

import java.util.List;
import java.util.Set;
import no.fjord.subscription.topic.Topic.Trigger;

/** The topics every Fjord server offers, about the changes third-party apps in the shared record wait for. */
public final class ShippedTopics {

	public static final String BASE = "https://fjord-fhir.no/fhir/SubscriptionTopic/";
	private static final String PROFILES = "https://fjord-fhir.no/fhir/StructureDefinition/";

	private ShippedTopics() {
	}

	public static List<Topic> all() {
		return List.of(
				new Topic(BASE + "home-measurement", "A home measurement of a patient arrived or was corrected",
						List.of(new Trigger("Observation", Set.of(CREATE, UPDATE),
								"_profile=" + PROFILES + "fjord-home-measurement", ""))),
				new Topic(BASE + "video-appointment-booked", "A video consultation was booked",
						List.of(new Trigger("Appointment", Set.of(CREATE),
								"_profile=" + PROFILES + "fjord-video-appointment&status:not=cancelled", ""))),
				new Topic(BASE + "video-appointment-changed", "A video consultation was moved or otherwise changed",
						List.of(new Trigger("Appointment", Set.of(UPDATE),
								"_profile=" + PROFILES + "fjord-video-appointment&status:not=cancelled", ""))),
				new Topic(BASE + "video-appointment-cancelled", "A video consultation was cancelled or removed",
						List.of(new Trigger("Appointment", Set.of(CREATE, UPDATE),
										"_profile=" + PROFILES + "fjord-video-appointment&status=cancelled",
										"status:not=cancelled"),
								new Trigger("Appointment", Set.of(DELETE),
										"_profile=" + PROFILES + "fjord-video-appointment", ""))),
				new Topic(BASE + "encounter-started", "An encounter started",
						List.of(new Trigger("Encounter", Set.of(CREATE, UPDATE), "status=in-progress",
								"status:not=in-progress"))),
				new Topic(BASE + "encounter-finished", "An encounter finished",
						List.of(new Trigger("Encounter", Set.of(CREATE, UPDATE), "status=finished",
								"status:not=finished"))),
				new Topic(BASE + "lab-result-final", "A laboratory result became final",
						List.of(new Trigger("DiagnosticReport", Set.of(CREATE, UPDATE),
										"category=http://terminology.hl7.org/CodeSystem/v2-0074|LAB&status=final",
										"status:not=final"),
								new Trigger("Observation", Set.of(CREATE, UPDATE),
										"category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory"
												+ "&status=final",
										"status:not=final"))),
				new Topic(BASE + "blocking-changed", "A patient's blocking (sperring) was made, changed or removed",
						List.of(new Trigger("Consent", Set.of(CREATE, UPDATE, DELETE),
								"_profile=" + PROFILES + "fjord-blocking-consent", ""))));
	}
}
