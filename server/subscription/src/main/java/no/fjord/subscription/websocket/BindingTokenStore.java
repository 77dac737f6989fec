package no.fjord.subscription.websocket;

import java.time.Instant;
import java.util.Optional;

/** Where binding tokens wait to be used, by the hash of the token, never the token itself. */
public interface BindingTokenStore {

	/** A stored token: the subscription it binds and until when. */
	record Entry(String subscriptionId, Instant expiresAt) {
	}

	/** Stores a token's hash; tokens expired before {@code now} are removed on the way. */
	void save(String tokenHash, String subscriptionId, Instant expiresAt, Instant now);

	/** Removes and returns the token with this hash, so it is used at most once. */
	Optional<Entry> take(String tokenHash);
}
