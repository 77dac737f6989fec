package no.fjord.subscription.delivery;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import no.fjord.common.fhir.PatientCompartment;
import no.fjord.subscription.fhir.SubscriptionStatusWriter;
import no.fjord.subscription.registry.ResourceVersions;
import no.fjord.subscription.registry.SubscriptionEvent;
import no.fjord.subscription.registry.SubscriptionEvents;
import no.fjord.subscription.registry.SubscriptionRecords;
import no.fjord.subscription.registry.SubscriptionState;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;

/**
 * Delivers the next notification of one subscription with work due: its handshake, its oldest undelivered
 * event, or a heartbeat. The subscription is leased while its notification is in flight, so events go out
 * one at a time and in order, whichever process sends them; a process that dies mid-delivery leaves a
 * lease that runs out, and the event is sent again with the same id (at least once). Failures wait longer
 * each time ({@link Backoff}); a subscription failing for longer than {@code giveUpAfter} goes to
 * {@code error} and keeps its events for {@code $events}.
 */
public final class DeliveryWorker {

	/** Settings of delivery. @param lease how long a process may hold a subscription for one notification */
	public record Settings(Duration lease, Backoff backoff, Duration giveUpAfter) {
	}

	private final SubscriptionRecords records;
	private final SubscriptionEvents events;
	private final ResourceVersions versions;
	private final FhirContext context;
	private final DeliveryAccess access;
	private final NotificationRenderer renderer;
	private final DeliveryChannels channels;
	private final DeliveryListener listener;
	private final SubscriptionStatusWriter statuses;
	private final Settings settings;
	private final Clock clock;

	public DeliveryWorker(SubscriptionRecords records, SubscriptionEvents events, ResourceVersions versions, FhirContext context,
			DeliveryAccess access,
			NotificationRenderer renderer, DeliveryChannels channels, DeliveryListener listener,
			SubscriptionStatusWriter statuses, Settings settings, Clock clock) {
		this.records = records;
		this.events = events;
		this.versions = versions;
		this.context = context;
		this.access = access;
		this.renderer = renderer;
		this.channels = channels;
		this.listener = listener;
		this.statuses = statuses;
		this.settings = settings;
		this.clock = clock;
	}

	/** Delivers one notification if any is due; returns whether one was (so there may be more). */
	public boolean deliverNext() {
		Optional<SubscriptionState> leased = records.leaseDue(settings.lease(), channels.websocketsHere());
		if (leased.isEmpty()) {
			return false;
		}
		SubscriptionState subscription = leased.get();
		try {
			deliver(subscription);
		} catch (RuntimeException failure) {
			records.release(subscription.id());
			throw failure;
		}
		return true;
	}

	private void deliver(SubscriptionState subscription) {
		if ("requested".equals(subscription.status())) {
			DeliveryResult result = send(subscription, renderer.handshake(subscription));
			if (result.delivered()) {
				// Active in the table first, so no other worker handshakes it again meanwhile.
				records.delivered(subscription.id(), subscription.deliveredThrough(), true);
				statuses.change(subscription.id(), SubscriptionStatus.ACTIVE, null);
			} else {
				failed(subscription, result);
			}
			return;
		}
		List<SubscriptionEvent> next = events.after(subscription.id(), subscription.deliveredThrough(), 1);
		if (next.isEmpty()) {
			DeliveryResult result = send(subscription, renderer.heartbeat(subscription));
			if (result.delivered()) {
				records.delivered(subscription.id(), subscription.deliveredThrough(), false);
			} else {
				failed(subscription, result);
			}
			return;
		}
		deliverEvent(subscription, next.get(0));
	}

	private void deliverEvent(SubscriptionState subscription, SubscriptionEvent event) {
		Optional<IBaseResource> resource = versions.read(event.resourceType(), event.resourceId(), event.version());
		if (resource.isEmpty() || !access.maySee(subscription.subscriber(), resource.get())) {
			// Expunged, or the subscriber may no longer see it: told nothing, not even that it changed.
			events.withheld(subscription.id(), event.number());
			records.skipped(subscription.id(), event.number());
			return;
		}
		IBaseResource shown = access.shownTo(subscription.subscriber(), resource.get());
		DeliveryResult result = send(subscription, renderer.event(subscription, event, shown));
		List<String> patients = List.copyOf(PatientCompartment.ownersOf(context, resource.get()));
		listener.notified(subscription, event, patients, result);
		if (result.delivered()) {
			events.delivered(subscription.id(), event.number());
			records.delivered(subscription.id(), event.number(), false);
		} else {
			failed(subscription, result);
		}
	}

	private DeliveryResult send(SubscriptionState subscription, Notification notification) {
		return channels.send(subscription, notification);
	}

	private void failed(SubscriptionState subscription, DeliveryResult result) {
		Instant now = clock.instant();
		Instant failingSince = Optional.ofNullable(subscription.failingSince()).orElse(now);
		records.failed(subscription.id(), result.failure(), now.plus(settings.backoff().after(subscription.failures() + 1)));
		if (Duration.between(failingSince, now).compareTo(settings.giveUpAfter()) > 0) {
			statuses.change(subscription.id(), SubscriptionStatus.ERROR,
					"Notifications failed for longer than " + settings.giveUpAfter() + "; last: " + result.failure());
		}
	}
}
