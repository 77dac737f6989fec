package no.fjord.security.authserver.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The keys that sign Fjord's tokens, kept in PostgreSQL so tokens stay valid across restarts and across
 * servers sharing the database. The newest key signs; the one before it stays published in the JWKS
 * until the next rotation, so tokens it signed can still be verified. A key older than the rotation
 * period is replaced at start. A token signed with a key this server does not know yet (another server
 * of the cluster rotated since) makes it read the keys again, at most every {@value #RELOAD_SECONDS} s.
 */
public class SigningKeys {

	private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
	private static final int PUBLISHED_KEYS = 2;
	private static final long RELOAD_SECONDS = 10;

	private final JdbcTemplate jdbc;
	private final Duration rotation;
	private final Clock clock;
	private volatile List<JWK> keys = List.of();
	private volatile Instant loaded = Instant.EPOCH;

	public SigningKeys(JdbcTemplate jdbc, Duration rotation, Clock clock) {
		this.jdbc = jdbc;
		this.rotation = rotation;
		this.clock = clock;
		rotateIfDue();
	}

	/** Makes a new signing key when the newest is older than the rotation period, and drops retired ones. */
	private synchronized void rotateIfDue() {
		List<StoredKey> stored = load();
		if (stored.isEmpty() || stored.get(0).createdAt().plus(rotation).isBefore(clock.instant())) {
			insert(generate());
			stored = load();
			LOG.info("New token signing key {} in use", stored.get(0).key().getKeyID());
		}
		for (StoredKey retired : stored.subList(Math.min(PUBLISHED_KEYS, stored.size()), stored.size())) {
			jdbc.update("DELETE FROM fjord_signing_key WHERE key_id = ?", retired.key().getKeyID());
		}
		use(stored);
	}

	private void use(List<StoredKey> stored) {
		keys = stored.stream().limit(PUBLISHED_KEYS).map(StoredKey::key).toList();
		loaded = clock.instant();
	}

	/** The key that signs new tokens. */
	public JWK current() {
		return keys.get(0);
	}

	/**
	 * Every key whose tokens are accepted, private parts included: for the encoder, the decoder and the
	 * JWKS endpoint (which publishes only the public parts).
	 */
	public JWKSource<SecurityContext> source() {
		return (selector, context) -> {
			List<JWK> found = selector.select(new JWKSet(keys));
			if (found.isEmpty() && loaded.plusSeconds(RELOAD_SECONDS).isBefore(clock.instant())) {
				synchronized (this) {
					use(load());
				}
				found = selector.select(new JWKSet(keys));
			}
			return found;
		};
	}

	private RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048)
					.keyID(UUID.randomUUID().toString())
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.generate();
		} catch (JOSEException e) {
			throw new IllegalStateException("Cannot make a signing key", e);
		}
	}

	private void insert(JWK key) {
		jdbc.update("INSERT INTO fjord_signing_key (key_id, jwk, created_at) VALUES (?, ?, ?)",
				key.getKeyID(), key.toJSONString(), Timestamp.from(clock.instant()));
	}

	private List<StoredKey> load() {
		return jdbc.query("SELECT jwk, created_at FROM fjord_signing_key ORDER BY created_at DESC, key_id",
				(row, index) -> new StoredKey(parse(row.getString("jwk")), row.getTimestamp("created_at").toInstant()));
	}

	private static JWK parse(String json) {
		try {
			return JWK.parse(json);
		} catch (ParseException e) {
			throw new IllegalStateException("A stored signing key cannot be read", e);
		}
	}

	private record StoredKey(JWK key, Instant createdAt) {}
}
