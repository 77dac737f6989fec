package no.fjord.subscription.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Optional;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.subscription.delivery.DeliveryAccess;
import no.fjord.subscription.registry.ResourceVersions;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionDefinition.Payload;
import no.fjord.subscription.registry.SubscriptionEvent;
import no.fjord.subscription.registry.SubscriptionEvents;
import no.fjord.subscription.registry.SubscriptionRecords;
import no.fjord.subscription.registry.SubscriptionState;
import no.fjord.subscription.delivery.NotificationRenderer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code $events} (Subscriptions R5 Backport IG): the events of a subscription by number, so a subscriber
 * that missed notifications gets them again. Each is checked against the subscriber's access now, like a
 * delivery; events withheld at delivery are never replayed.
 */
public final class SubscriptionEventsOperationProvider {

	private static final int MAX_EVENTS = 100;

	private final SubscriptionRecords records;
	private final SubscriptionEvents events;
	private final ResourceVersions versions;
	private final DeliveryAccess access;
	private final NotificationRenderer renderer;

	public SubscriptionEventsOperationProvider(SubscriptionRecords records, SubscriptionEvents events,
			ResourceVersions versions, DeliveryAccess access, NotificationRenderer renderer) {
		this.records = records;
		this.events = events;
		this.versions = versions;
		this.access = access;
		this.renderer = renderer;
	}

	@Operation(name = "$events", type = org.hl7.fhir.r4.model.Subscription.class, idempotent = true)
	public Bundle events(@IdParam IdType id,
			@OperationParam(name = "eventsSinceNumber", max = 1) StringType since,
			@OperationParam(name = "eventsUntilNumber", max = 1) StringType until,
			@OperationParam(name = "content", max = 1) CodeType content) {
		SubscriptionState subscription = SubscriptionStatusOperationProvider.ownSubscription(records, id.getIdPart());
		long from = number(since, "eventsSinceNumber").orElse(Math.max(1, subscription.eventsSinceStart() - MAX_EVENTS + 1));
		long to = number(until, "eventsUntilNumber").orElse(subscription.eventsSinceStart());
		SubscriptionDefinition definition = withPayload(subscription.definition(), content);
		Bundle bundle = renderer.status(subscription, "query-event", subscription.eventsSinceStart());
		Parameters status = (Parameters) bundle.getEntryFirstRep().getResource();
		for (SubscriptionEvent event : events.between(subscription.id(), from, to, MAX_EVENTS)) {
			Optional<IBaseResource> resource = versions.read(event.resourceType(), event.resourceId(), event.version());
			if (resource.isPresent() && access.maySee(subscription.subscriber(), resource.get())) {
				renderer.addEvent(status, bundle, definition, event, access.shownTo(subscription.subscriber(), resource.get()));
			}
		}
		return bundle;
	}

	private static SubscriptionDefinition withPayload(SubscriptionDefinition definition, CodeType content) {
		if (content == null || content.getValue() == null) {
			return definition;
		}
		return definition.withPayload(Payload.ofCode(content.getValue())
				.orElseThrow(() -> invalid("content must be empty, id-only or full-resource")));
	}

	private static Optional<Long> number(StringType value, String name) {
		if (value == null || value.getValue() == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(Long.parseLong(value.getValue()));
		} catch (NumberFormatException notNumber) {
			throw invalid(name + " must be an event number");
		}
	}

	private static InvalidRequestException invalid(String message) {
		return new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message));
	}
}
