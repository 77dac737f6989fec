package no.fjord.subscription.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import no.fjord.audit.trail.AuditRecord;
import no.fjord.audit.trail.AuditWriter;
import no.fjord.audit.trail.RequestAudit;
import no.fjord.subscription.registry.Subscriber;
import no.fjord.subscription.registry.SubscriptionEvent;
import no.fjord.subscription.registry.SubscriptionState;
import org.hl7.fhir.r4.model.IdType;

/**
 * Every notification about a resource in the audit trail, like a read by the subscriber: who received
 * what about which patient, sent or failed. The patient sees it in their access log.
 */
public final class DeliveryAudit implements DeliveryListener {

	private final Optional<AuditWriter> writer;
	private final Clock clock;

	/** @param writer empty when the audit trail is switched off */
	public DeliveryAudit(Optional<AuditWriter> writer, Clock clock) {
		this.writer = writer;
		this.clock = clock;
	}

	@Override
	public void notified(SubscriptionState subscription, SubscriptionEvent event, List<String> patients,
			DeliveryResult result) {
		if (writer.isEmpty()) {
			return;
		}
		Subscriber who = Optional.ofNullable(subscription.subscriber())
				.orElse(new Subscriber(null, null, null, "", null, null, null, null));
		String purpose = RequestAudit.purposeOf(Optional.ofNullable(who.fhirUser()).map(user -> new IdType(user).getResourceType()),
				Optional.ofNullable(who.hprNumber()));
		writer.get().write(new AuditRecord(clock.instant(), "subscription", "subscription-notification", 'R', result.delivered() ? 0 : 8,
				result.failure(), purpose, null, false, who.issuer(), who.subject(), who.fhirUser(), who.hprNumber(),
				who.organisation(), who.clientId(), event.versionedReference(),
				"Subscription/" + subscription.id() + " event " + event.number(), patients, List.of(), false, null,
				null));
	}
}
