package no.fjord.subscription.registry;

import java.time.Instant;

/**
 * One change a subscription is told about, numbered in delivery order.
 *
 * @param version the version of the resource the change produced; for a delete, the version deleted
 * @param interaction {@code create}, {@code update} or {@code delete}
 */
public record SubscriptionEvent(String subscriptionId, long number, String resourceType, String resourceId, long version,
		String interaction, Instant committedAt) {

	/** {@code Observation/123/_history/2} */
	public String versionedReference() {
		return resourceType + "/" + resourceId + "/_history/" + version;
	}
}
