package no.fjord.security.authserver.clients;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;

/**
 * Verifies the signed JWTs ({@code private_key_jwt}, RFC 7523) that confidential-asymmetric clients and
 * SMART Backend Services authenticate with: signed with RS384 or ES384 (RS256 and ES256 too) by a key of
 * the client's registered key set (inline or at its JWKS URL), {@code iss} and {@code sub} the client id,
 * {@code aud} the token endpoint, {@code exp} at most five minutes ahead and each {@code jti} used once
 * (remembered in PostgreSQL until the assertion expires, so a replay fails on every server).
 */
public class ClientAssertions implements JwtDecoderFactory<RegisteredClient> {

	/** The client setting holding an inline JSON Web Key Set. */
	public static final String JWKS_SETTING = "settings.client.fjord.jwks";

	private static final Set<JWSAlgorithm> ALGORITHMS =
			Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384, JWSAlgorithm.RS256, JWSAlgorithm.ES256);

	private final JdbcTemplate jdbc;
	private final Duration maxLifetime;
	private final Clock clock;
	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	public ClientAssertions(JdbcTemplate jdbc, Duration maxLifetime, Clock clock) {
		this.jdbc = jdbc;
		this.maxLifetime = maxLifetime;
		this.clock = clock;
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		// keyed by the registration's keys too, so a client whose keys were changed is not verified with old ones
		String keys = client.getClientSettings().getSetting(JWKS_SETTING) + "|" + client.getClientSettings().getJwkSetUrl();
		return decoders.computeIfAbsent(client.getId() + "|" + keys, key -> decoder(client));
	}

	private JwtDecoder decoder(RegisteredClient client) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keySource(client)));
		processor.setJWTClaimsSetVerifier((claims, context) -> {});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(validator(client));
		return decoder;
	}

	private static JWKSource<SecurityContext> keySource(RegisteredClient client) {
		String inline = client.getClientSettings().getSetting(JWKS_SETTING);
		try {
			if (inline != null) {
				return new ImmutableJWKSet<>(JWKSet.parse(inline));
			}
			String url = client.getClientSettings().getJwkSetUrl();
			if (url != null) {
				return JWKSourceBuilder.create(URI.create(url).toURL()).build();
			}
		} catch (ParseException | MalformedURLException | IllegalArgumentException e) {
			throw new IllegalStateException("The registered key set of a client cannot be read", e);
		}
		return (selector, context) -> List.of();
	}

	private OAuth2TokenValidator<Jwt> validator(RegisteredClient client) {
		return new DelegatingOAuth2TokenValidator<>(List.of(
				new JwtTimestampValidator(Duration.ofSeconds(30)),
				jwt -> check(client.getClientId().equals(jwt.getClaimAsString("iss"))
						&& client.getClientId().equals(jwt.getSubject()), "iss and sub must be the client id"),
				jwt -> check(audienceIsThisServer(jwt.getAudience()), "aud must be the token endpoint URL"),
				jwt -> check(jwt.getExpiresAt() != null
						&& !jwt.getExpiresAt().isAfter(clock.instant().plus(maxLifetime).plusSeconds(30)),
						"exp must be set and at most " + maxLifetime.toMinutes() + " minutes ahead"),
				jwt -> firstUse(client.getClientId(), jwt.getId(), jwt.getExpiresAt())));
	}

	private static boolean audienceIsThisServer(List<String> audience) {
		AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
		if (audience == null || context == null) {
			return false;
		}
		String tokenEndpoint = context.getIssuer() + context.getAuthorizationServerSettings().getTokenEndpoint();
		return audience.contains(tokenEndpoint) || audience.contains(context.getIssuer());
	}

	private OAuth2TokenValidatorResult firstUse(String clientId, String jti, Instant expiresAt) {
		if (jti == null || jti.isBlank() || jti.length() > 200) {
			return failure("jti must be set (at most 200 characters)");
		}
		Instant now = clock.instant();
		jdbc.update("DELETE FROM fjord_client_assertion WHERE expires_at < ?", Timestamp.from(now.minusSeconds(60)));
		try {
			jdbc.update("INSERT INTO fjord_client_assertion (client_id, jti, expires_at) VALUES (?, ?, ?)",
					clientId, jti, Timestamp.from(expiresAt == null ? now : expiresAt));
			return OAuth2TokenValidatorResult.success();
		} catch (DuplicateKeyException replay) {
			return failure("this client assertion (jti) was used before");
		}
	}

	private static OAuth2TokenValidatorResult check(boolean ok, String description) {
		return ok ? OAuth2TokenValidatorResult.success() : failure(description);
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, null));
	}
}
