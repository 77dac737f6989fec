package no.fjord.subscription.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionDefinition.Payload;
import no.fjord.subscription.registry.SubscriptionEvent;
import no.fjord.subscription.registry.SubscriptionState;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * Notifications in the forms subscribers expect. Topic-based subscriptions get the Subscriptions R5
 * Backport IG's notification Bundle ({@code history}, a SubscriptionStatus {@code Parameters} first, then
 * the focus resources as the payload setting allows). R4 criteria subscriptions get what the R4 spec
 * describes: an empty POST, or with a payload the resource PUT to {@code [endpoint]/[type]/[id]}.
 */
public final class NotificationRenderer {

	public static final String NOTIFICATION_PROFILE =
			"http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-notification-r4";
	public static final String STATUS_PROFILE =
			"http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4";
	private static final String FHIR_JSON = "application/fhir+json";

	private final FhirContext context;

	public NotificationRenderer(FhirContext context) {
		this.context = context;
	}

	/** The first notification, which turns a {@code requested} subscription {@code active} when it goes through. */
	public Notification handshake(SubscriptionState subscription) {
		String id = subscription.id() + "-handshake-" + UUID.randomUUID();
		if (!subscription.definition().isTopicBased()) {
			return new Notification("handshake", "POST", "", null, new byte[0], id);
		}
		return bundleNotification("handshake", status(subscription, "handshake", subscription.eventsSinceStart()), id);
	}

	public Notification heartbeat(SubscriptionState subscription) {
		String id = subscription.id() + "-heartbeat-" + UUID.randomUUID();
		if (!subscription.definition().isTopicBased()) {
			return new Notification("heartbeat", "POST", "", null, new byte[0], id);
		}
		return bundleNotification("heartbeat", status(subscription, "heartbeat", subscription.eventsSinceStart()), id);
	}

	/**
	 * @param resource the changed resource as the subscriber may see it; for a delete, the version deleted
	 */
	public Notification event(SubscriptionState subscription, SubscriptionEvent event, IBaseResource resource) {
		SubscriptionDefinition definition = subscription.definition();
		String id = subscription.id() + "-" + event.number();
		if (!definition.isTopicBased()) {
			return criteriaEvent(definition, event, resource, id);
		}
		Bundle bundle = status(subscription, "event-notification", event.number());
		Parameters status = (Parameters) bundle.getEntryFirstRep().getResource();
		addEvent(status, bundle, definition, event, resource);
		return bundleNotification("event-notification", bundle, id);
	}

	/** {@code $status} and {@code $events}: the same Bundle, answered instead of sent. */
	public Bundle status(SubscriptionState subscription, String type, long eventsSinceStart) {
		SubscriptionDefinition definition = subscription.definition();
		Parameters status = new Parameters();
		status.setId(UUID.randomUUID().toString());
		status.getMeta().addProfile(STATUS_PROFILE);
		status.addParameter().setName("subscription")
				.setValue(new Reference(definition.serverBase() + "/Subscription/" + definition.id()));
		// A topic subscription may have no filters; an R4 one has exactly its criteria.
		status.addParameter().setName("topic").setValue(new CanonicalType(
				definition.isTopicBased() ? definition.topicUrl() : definition.filters().get(0).criteria()));
		status.addParameter().setName("status").setValue(new CodeType(subscription.status()));
		status.addParameter().setName("type").setValue(new CodeType(type));
		status.addParameter().setName("events-since-subscription-start")
				.setValue(new StringType(Long.toString(eventsSinceStart)));
		Bundle bundle = new Bundle();
		bundle.getMeta().addProfile(NOTIFICATION_PROFILE);
		bundle.setType(BundleType.HISTORY);
		bundle.setTimestamp(new Date());
		bundle.addEntry().setFullUrl("urn:uuid:" + status.getIdElement().getIdPart()).setResource(status)
				.getRequest().setMethod(HTTPVerb.GET).setUrl("Subscription/" + definition.id() + "/$status");
		bundle.getEntryFirstRep().getResponse().setStatus("200");
		return bundle;
	}

	/** Adds one event to a status Bundle: its {@code notification-event} and, as the payload allows, its focus. */
	public void addEvent(Parameters status, Bundle bundle, SubscriptionDefinition definition, SubscriptionEvent event,
			IBaseResource resource) {
		ParametersParameterComponent notification = status.addParameter().setName("notification-event");
		notification.addPart().setName("event-number").setValue(new StringType(Long.toString(event.number())));
		notification.addPart().setName("timestamp").setValue(new InstantType(Date.from(event.committedAt())));
		if (definition.payload() == Payload.EMPTY) {
			return;
		}
		String fullUrl = definition.serverBase() + "/" + event.resourceType() + "/" + event.resourceId();
		notification.addPart().setName("focus").setValue(new Reference(fullUrl));
		Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(fullUrl);
		switch (event.interaction()) {
			case "create" -> {
				entry.getRequest().setMethod(HTTPVerb.POST).setUrl(event.resourceType());
				entry.getResponse().setStatus("201");
			}
			case "delete" -> {
				entry.getRequest().setMethod(HTTPVerb.DELETE).setUrl(event.resourceType() + "/" + event.resourceId());
				entry.getResponse().setStatus("204");
			}
			default -> {
				entry.getRequest().setMethod(HTTPVerb.PUT).setUrl(event.resourceType() + "/" + event.resourceId());
				entry.getResponse().setStatus("200");
			}
		}
		entry.getResponse().setLastModified(Date.from(event.committedAt()))
				.setEtag("W/\"" + event.version() + "\"");
		if (definition.payload() == Payload.FULL_RESOURCE && !"delete".equals(event.interaction())) {
			entry.setResource((Resource) resource);
		}
	}

	private Notification criteriaEvent(SubscriptionDefinition definition, SubscriptionEvent event, IBaseResource resource,
			String id) {
		if (definition.contentType() == null) {
			return new Notification("event-notification", "POST", "", null, new byte[0], id);
		}
		String path = "/" + event.resourceType() + "/" + event.resourceId();
		return new Notification("event-notification", "PUT", path, FHIR_JSON, json().encodeResourceToString(resource)
				.getBytes(StandardCharsets.UTF_8), id);
	}

	private Notification bundleNotification(String kind, Bundle bundle, String id) {
		return new Notification(kind, "POST", "", FHIR_JSON, json().encodeResourceToString(bundle)
				.getBytes(StandardCharsets.UTF_8), id);
	}

	private IParser json() {
		return context.newJsonParser();
	}
}
