package no.fjord.subscription.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import no.fjord.security.token.SmartPrincipal;
import no.fjord.subscription.delivery.NotificationRenderer;
import no.fjord.subscription.registry.SubscriptionRecords;
import no.fjord.subscription.registry.SubscriptionState;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code $status} (Subscriptions R5 Backport IG): a subscription's status and event count as a
 * SubscriptionStatus, with Fjord's delivery state for operators in an extension on its {@code status}
 * parameter: events waiting, the last delivery, failures in a row, since when, and the last error.
 */
public final class SubscriptionStatusOperationProvider {

	public static final String DELIVERY_EXTENSION = "https://fjord-fhir.no/fhir/StructureDefinition/subscription-delivery";

	private final SubscriptionRecords records;
	private final NotificationRenderer renderer;

	public SubscriptionStatusOperationProvider(SubscriptionRecords records, NotificationRenderer renderer) {
		this.records = records;
		this.renderer = renderer;
	}

	@Operation(name = "$status", type = org.hl7.fhir.r4.model.Subscription.class, idempotent = true)
	public Bundle status(@IdParam IdType id) {
		return statusOf(List.of(ownSubscription(records, id.getIdPart())));
	}

	@Operation(name = "$status", type = org.hl7.fhir.r4.model.Subscription.class, idempotent = true)
	public Bundle statuses(@OperationParam(name = "id", min = 1, max = OperationParam.MAX_UNLIMITED) List<StringType> ids) {
		return statusOf(ids.stream().map(id -> ownSubscription(records, id.getValue())).toList());
	}

	/** The subscription, if the caller made it (or administers the server); else 404, as if it did not exist. */
	static SubscriptionState ownSubscription(SubscriptionRecords records, String id) {
		Optional<SubscriptionState> subscription = records.find(id);
		Optional<SmartPrincipal> caller = SmartPrincipal.current();
		if (subscription.isEmpty() || caller.filter(who -> !SubscriberAccess.owns(who, subscription.get())).isPresent()) {
			throw new ResourceNotFoundException(new IdType("Subscription", id));
		}
		return subscription.get();
	}

	private Bundle statusOf(List<SubscriptionState> subscriptions) {
		Bundle answer = new Bundle();
		answer.setType(Bundle.BundleType.SEARCHSET);
		answer.setTotal(subscriptions.size());
		for (SubscriptionState subscription : subscriptions) {
			Bundle status = renderer.status(subscription, "query-status", subscription.eventsSinceStart());
			Parameters parameters = (Parameters) status.getEntryFirstRep().getResource();
			parameters.getParameter().stream().filter(parameter -> "status".equals(parameter.getName())).findFirst()
					.ifPresent(parameter -> parameter.addExtension(deliveryState(subscription)));
			answer.addEntry().setFullUrl(status.getEntryFirstRep().getFullUrl()).setResource(parameters)
					.getSearch().setMode(Bundle.SearchEntryMode.MATCH);
		}
		return answer;
	}

	private static Extension deliveryState(SubscriptionState subscription) {
		Extension delivery = new Extension(DELIVERY_EXTENSION);
		delivery.addExtension("queueDepth", new DecimalType(subscription.queueDepth()));
		delivery.addExtension("failures", new IntegerType(subscription.failures()));
		if (subscription.lastDeliveryAt() != null) {
			delivery.addExtension("lastDelivery", new InstantType(Date.from(subscription.lastDeliveryAt())));
		}
		if (subscription.failingSince() != null) {
			delivery.addExtension("failingSince", new InstantType(Date.from(subscription.failingSince())));
		}
		if (subscription.lastError() != null) {
			delivery.addExtension("lastError", new StringType(subscription.lastError()));
		}
		return delivery;
	}
}
