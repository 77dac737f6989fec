package no.fjord.subscription.registry;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** The table {@code fjord_subscription_event}: each subscription's numbered events, kept for replay. */
public final class SubscriptionEvents {

	/** A change one subscription is to be told about, before it has a number. */
	public record Match(String subscriptionId, String resourceType, String resourceId, long version, String interaction,
			Instant committedAt) {
	}

	private static final RowMapper<SubscriptionEvent> ROWS = (row, index) -> new SubscriptionEvent(
			row.getString("subscription_id"), row.getLong("event_number"), row.getString("resource_type"),
			row.getString("resource_id"), row.getLong("version"), row.getString("interaction"),
			row.getTimestamp("committed_at").toInstant());
	private static final String COLUMNS = "subscription_id, event_number, resource_type, resource_id, version, "
			+ "interaction, committed_at";

	private final JdbcTemplate jdbc;

	public SubscriptionEvents(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Numbers the matches per subscription, in the order given, and stores them. Must run in a transaction:
	 * the counter's row lock keeps two processes from handing out the same numbers. Matches of subscriptions
	 * that no longer take events are dropped. Returns how many were stored.
	 */
	public int append(List<Match> matches) {
		Map<String, List<Match>> bySubscription = new LinkedHashMap<>();
		matches.forEach(match -> bySubscription.computeIfAbsent(match.subscriptionId(), id -> new ArrayList<>()).add(match));
		List<Object[]> rows = new ArrayList<>();
		bySubscription.forEach((subscriptionId, own) -> {
			List<Long> newest = jdbc.queryForList("UPDATE fjord_subscription SET events_since_start = events_since_start + ? "
					+ "WHERE id = ? AND status IN ('requested', 'active') RETURNING events_since_start",
					Long.class, own.size(), subscriptionId);
			if (newest.isEmpty()) {
				return;
			}
			long number = newest.get(0) - own.size();
			for (Match match : own) {
				rows.add(new Object[] {subscriptionId, ++number, match.resourceType(), match.resourceId(), match.version(),
						match.interaction(), Timestamp.from(match.committedAt())});
			}
		});
		jdbc.batchUpdate("INSERT INTO fjord_subscription_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
		return rows.size();
	}

	/** Events after number {@code after}, oldest first, at most {@code limit}. */
	public List<SubscriptionEvent> after(String subscriptionId, long after, int limit) {
		return jdbc.query("SELECT " + COLUMNS + " FROM fjord_subscription_event WHERE subscription_id = ? "
				+ "AND event_number > ? ORDER BY event_number LIMIT ?", ROWS, subscriptionId, after, limit);
	}

	/** Events numbered {@code from} to {@code to}, both included, that were not withheld. */
	public List<SubscriptionEvent> between(String subscriptionId, long from, long to, int limit) {
		return jdbc.query("SELECT " + COLUMNS + " FROM fjord_subscription_event WHERE subscription_id = ? "
				+ "AND event_number BETWEEN ? AND ? AND NOT withheld ORDER BY event_number LIMIT ?",
				ROWS, subscriptionId, from, to, limit);
	}

	public void delivered(String subscriptionId, long number) {
		jdbc.update("UPDATE fjord_subscription_event SET delivered_at = now() WHERE subscription_id = ? AND event_number = ?",
				subscriptionId, number);
	}

	/** The subscriber may not see this event's resource (now): it is never sent, nor replayed. */
	public void withheld(String subscriptionId, long number) {
		jdbc.update("UPDATE fjord_subscription_event SET withheld = true WHERE subscription_id = ? AND event_number = ?",
				subscriptionId, number);
	}

	/** Removes events delivered (or withheld) before {@code before}; returns how many. */
	public int purge(Instant before) {
		return jdbc.update("DELETE FROM fjord_subscription_event e USING fjord_subscription s "
				+ "WHERE e.subscription_id = s.id AND e.event_number <= s.delivered_through AND e.committed_at < ?",
				Timestamp.from(before));
	}
}
