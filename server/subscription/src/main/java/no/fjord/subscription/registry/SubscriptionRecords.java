package no.fjord.subscription.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The table {@code fjord_subscription}. Writes made while a FHIR write is running join its transaction
 * (Spring's {@link JdbcTemplate} uses the connection the JPA transaction holds), so a Subscription resource
 * and its row commit together.
 */
public final class SubscriptionRecords {

	private static final String COLUMNS = "id, status, definition, subscriber, secret, events_since_start, "
			+ "delivered_through, failures, failing_since, last_error, last_delivery_at, last_sent_at";

	private final JdbcTemplate jdbc;
	private final ObjectMapper json;
	private final RowMapper<SubscriptionState> rows = this::read;

	public SubscriptionRecords(JdbcTemplate jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Records a Subscription as written. A subscription set back to {@code requested} starts afresh: its
	 * failures are forgotten and it is handshaken at once. A {@code null} secret keeps the one recorded.
	 */
	public void save(SubscriptionDefinition definition, String status, Subscriber subscriber, String secret) {
		jdbc.update("INSERT INTO fjord_subscription (id, status, channel, definition, subscriber, secret, heartbeat_seconds) "
				+ "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, "
				+ "channel = excluded.channel, definition = excluded.definition, heartbeat_seconds = excluded.heartbeat_seconds, "
				+ "subscriber = excluded.subscriber, secret = coalesce(excluded.secret, fjord_subscription.secret), "
				+ "failures = CASE WHEN excluded.status = 'requested' THEN 0 ELSE fjord_subscription.failures END, "
				+ "failing_since = CASE WHEN excluded.status = 'requested' THEN NULL ELSE fjord_subscription.failing_since END, "
				+ "next_attempt_at = CASE WHEN excluded.status = 'requested' THEN now() ELSE fjord_subscription.next_attempt_at END, "
				+ "updated_at = clock_timestamp()",
				definition.id(), status, definition.channel(), write(definition), subscriber == null ? null : write(subscriber), secret,
				definition.heartbeatSeconds());
	}

	/** How many subscriptions this caller made (same issuer, subject and app). */
	public int countOf(Subscriber subscriber) {
		return jdbc.queryForObject("SELECT count(*) FROM fjord_subscription WHERE subscriber::jsonb ->> 'issuer' = ? "
				+ "AND subscriber::jsonb ->> 'subject' = ? AND (subscriber::jsonb ->> 'clientId') IS NOT DISTINCT FROM ?",
				Integer.class, subscriber.issuer(), subscriber.subject(), subscriber.clientId());
	}

	public void setSecret(String id, String secret) {
		jdbc.update("UPDATE fjord_subscription SET secret = ? WHERE id = ?", secret, id);
	}

	public void delete(String id) {
		jdbc.update("DELETE FROM fjord_subscription WHERE id = ?", id);
	}

	public Optional<SubscriptionState> find(String id) {
		return jdbc.query("SELECT " + COLUMNS + " FROM fjord_subscription WHERE id = ?", rows, id).stream().findFirst();
	}

	/** Subscriptions that can receive events: {@code requested} and {@code active}. */
	public List<SubscriptionState> live() {
		return jdbc.query("SELECT " + COLUMNS + " FROM fjord_subscription WHERE status IN ('requested', 'active')", rows);
	}

	/** Changes whenever any subscription row is written, so a process can tell its copy is stale. */
	public String changeStamp() {
		return jdbc.queryForObject("SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM fjord_subscription",
				String.class);
	}

	/**
	 * Leases one subscription with work due: a handshake, an undelivered event, or a heartbeat. The row
	 * lock taken to lease it is held only for this statement; the lease itself keeps other workers away
	 * until it is released or runs out (a worker that died). A websocket subscription is leased only by a
	 * process holding a connection bound to it: elsewhere its notifications could only fail, and its
	 * events wait, without backoff, until a client binds.
	 *
	 * @param websocketsHere the websocket subscriptions with a bound connection in this process
	 */
	public Optional<SubscriptionState> leaseDue(Duration lease, Collection<String> websocketsHere) {
		String[] bound = websocketsHere.toArray(String[]::new);
		String sql = "UPDATE fjord_subscription SET lease_until = now() + make_interval(secs => ?) "
				+ "WHERE id = (SELECT id FROM fjord_subscription WHERE status IN ('requested', 'active') "
				+ "AND (channel <> 'websocket' OR id = ANY(?)) "
				+ "AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now()) "
				+ "AND (status = 'requested' OR delivered_through < events_since_start OR (status = 'active' AND heartbeat_seconds > 0 "
				+ "AND coalesce(last_sent_at, '-infinity') < now() - make_interval(secs => heartbeat_seconds))) "
				+ "ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS;
		return jdbc.query(sql, statement -> {
			statement.setDouble(1, lease.toMillis() / 1000.0);
			statement.setArray(2, statement.getConnection().createArrayOf("varchar", bound));
		}, rows).stream().findFirst();
	}

	/** A client just bound to it: its next notification is due now, whatever an earlier failure waits for. */
	public void dueNow(String id) {
		jdbc.update("UPDATE fjord_subscription SET next_attempt_at = now() WHERE id = ? AND next_attempt_at > now()", id);
	}

	/** A notification went through: events up to {@code through} are done, the subscription is healthy. */
	public void delivered(String id, long through, boolean activate) {
		jdbc.update("UPDATE fjord_subscription SET delivered_through = greatest(delivered_through, ?), failures = 0, "
				+ "failing_since = NULL, last_error = NULL, last_delivery_at = now(), last_sent_at = now(), lease_until = NULL, "
				+ "status = CASE WHEN ? AND status = 'requested' THEN 'active' ELSE status END, "
				+ "updated_at = CASE WHEN ? AND status = 'requested' THEN clock_timestamp() ELSE updated_at END, "
				+ "next_attempt_at = now() WHERE id = ?", through, activate, activate, id);
	}

	/** Events up to {@code through} need no notification (withheld): done without sending anything. */
	public void skipped(String id, long through) {
		jdbc.update("UPDATE fjord_subscription SET delivered_through = greatest(delivered_through, ?), lease_until = NULL "
				+ "WHERE id = ?", through, id);
	}

	/** A notification failed; the next attempt waits until {@code nextAttempt}. */
	public void failed(String id, String error, Instant nextAttempt) {
		jdbc.update("UPDATE fjord_subscription SET failures = failures + 1, failing_since = coalesce(failing_since, now()), "
				+ "last_error = ?, last_sent_at = now(), lease_until = NULL, next_attempt_at = ? WHERE id = ?",
				error, Timestamp.from(nextAttempt), id);
	}

	public void release(String id) {
		jdbc.update("UPDATE fjord_subscription SET lease_until = NULL WHERE id = ?", id);
	}

	private SubscriptionState read(ResultSet row, int index) throws SQLException {
		String subscriber = row.getString("subscriber");
		return new SubscriptionState(read(row.getString("definition"), SubscriptionDefinition.class),
				row.getString("status"), subscriber == null ? null : read(subscriber, Subscriber.class),
				row.getString("secret"), row.getLong("events_since_start"), row.getLong("delivered_through"),
				row.getInt("failures"), instant(row, "failing_since"), row.getString("last_error"),
				instant(row, "last_delivery_at"), instant(row, "last_sent_at"));
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		Timestamp timestamp = row.getTimestamp(column);
		return timestamp == null ? null : timestamp.toInstant();
	}

	private String write(Object value) {
		try {
			return json.writeValueAsString(value);
		} catch (JsonProcessingException impossible) {
			throw new IllegalStateException(impossible);
		}
	}

	private <T> T read(String text, Class<T> type) {
		try {
			return json.readValue(text, type);
		} catch (JsonProcessingException corrupt) {
			throw new IllegalStateException("Unreadable subscription row", corrupt);
		}
	}
}
