package no.fjord.subscription.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Issues and redeems binding tokens (Subscriptions R5 Backport IG, {@code $get-ws-binding-token}): 256 random
 * bits, valid for one subscription, for a short time, for one binding. Only a SHA-256 of each token is
 * stored; with that much randomness a hash without salt cannot be reversed or guessed, and a copy of the
 * table binds nothing.
 */
public final class BindingTokens {

	/** Longer than any token issued here: anything longer is refused before it is hashed. */
	static final int LONGEST_TOKEN = 128;

	private final SecureRandom random = new SecureRandom();
	private final BindingTokenStore store;
	private final Duration lifetime;
	private final Clock clock;

	public BindingTokens(BindingTokenStore store, Duration lifetime, Clock clock) {
		this.store = store;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	public BindingToken issue(String subscriptionId) {
		byte[] secret = new byte[32];
		random.nextBytes(secret);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Instant now = clock.instant();
		Instant expiresAt = now.plus(lifetime);
		store.save(hash(token), subscriptionId, expiresAt, now);
		return new BindingToken(token, subscriptionId, expiresAt);
	}

	/** The subscription the token binds; empty when it is unknown, used already or expired. Used up either way. */
	public Optional<String> redeem(String token) {
		if (token == null || token.isEmpty() || token.length() > LONGEST_TOKEN) {
			return Optional.empty();
		}
		return store.take(hash(token)).filter(entry -> entry.expiresAt().isAfter(clock.instant()))
				.map(BindingTokenStore.Entry::subscriptionId);
	}

	static String hash(String token) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException impossible) {
			throw new IllegalStateException("Every Java runtime has SHA-256", impossible);
		}
	}
}
