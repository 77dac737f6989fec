package no.fjord.subscription.outbox;

import java.time.Instant;

/** One row of the outbox: a committed change to a resource. */
public record Change(long id, String resourceType, String resourceId, long version, String interaction,
		Instant recordedAt) {

	public boolean isDelete() {
		return "delete".equals(interaction);
	}

	public boolean isUpdate() {
		return "update".equals(interaction);
	}
}
