package no.fjord.subscription.websocket;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Binding tokens in the table {@code fjord_subscription_binding_token}: in the shared database, so a token
 * issued by one Fjord process binds a connection to any other. A token goes with its subscription.
 */
public final class JdbcBindingTokenStore implements BindingTokenStore {

	private final JdbcTemplate jdbc;

	public JdbcBindingTokenStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void save(String tokenHash, String subscriptionId, Instant expiresAt, Instant now) {
		jdbc.update("DELETE FROM fjord_subscription_binding_token WHERE expires_at < ?", Timestamp.from(now));
		jdbc.update("INSERT INTO fjord_subscription_binding_token (token_hash, subscription_id, expires_at) VALUES (?, ?, ?)",
				tokenHash, subscriptionId, Timestamp.from(expiresAt));
	}

	@Override
	public Optional<Entry> take(String tokenHash) {
		return jdbc.query("DELETE FROM fjord_subscription_binding_token WHERE token_hash = ? "
				+ "RETURNING subscription_id, expires_at",
				(row, index) -> new Entry(row.getString("subscription_id"), row.getTimestamp("expires_at").toInstant()),
				tokenHash).stream().findFirst();
	}
}
