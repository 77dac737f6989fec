package no.fjord.security.resource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import no.fjord.security.SecurityProperties.ClaimNames;
import no.fjord.security.SecurityProperties.ExternalIssuer;
import no.fjord.security.authserver.tokens.SigningKeys;
import no.fjord.security.token.SmartAuthentication;
import no.fjord.security.token.SmartClaims;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Chooses how to verify a request's access token by its issuer: Fjord's own tokens against its signing
 * keys, an external issuer's against that issuer's published keys. Every token must be signed, unexpired,
 * from a trusted issuer, for this server ({@code aud}: the FHIR base URL or a configured audience) and,
 * when bound to a key with DPoP ({@code cnf.jkt}), presented with a DPoP proof, not as a bearer token.
 * A verified token is remembered for up to five minutes (never past its expiry), so the signature of a
 * client's token is checked once, not on every request.
 */
public class TokenVerification implements AuthenticationManagerResolver<HttpServletRequest> {

	private final ServerUrls urls;
	private final Optional<SigningKeys> ownKeys;
	private final Map<String, ExternalIssuer> externalIssuers;
	private final Map<String, AuthenticationManager> managers = new ConcurrentHashMap<>();
	private final Cache<String, SmartAuthentication> verified = Caffeine.newBuilder()
			.maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();

	public TokenVerification(ServerUrls urls, Optional<SigningKeys> ownKeys, List<ExternalIssuer> externalIssuers) {
		this.urls = urls;
		this.ownKeys = ownKeys;
		this.externalIssuers = externalIssuers.stream()
				.collect(Collectors.toUnmodifiableMap(ExternalIssuer::issuer, issuer -> issuer));
	}

	@Override
	public AuthenticationManager resolve(HttpServletRequest request) {
		String fhirBase = urls.fhirBase(request);
		String ownIssuer = urls.issuer(request);
		return authentication -> {
			String token = ((BearerTokenAuthenticationToken) authentication).getToken();
			// A client sends the same token with every request: verify it once, then only recheck expiry and binding.
			String key = ownIssuer + " " + fhirBase + " " + token;
			SmartAuthentication known = verified.getIfPresent(key);
			if (known != null && known.getToken().getExpiresAt() != null
					&& known.getToken().getExpiresAt().isAfter(Instant.now())
					&& !dpopBindingHonoured(known.getToken()).hasErrors()) {
				return known;
			}
			Authentication result = verify(token, authentication, ownIssuer, fhirBase);
			if (result instanceof SmartAuthentication smart) {
				verified.put(key, smart);
			}
			return result;
		};
	}

	private Authentication verify(String token, Authentication authentication, String ownIssuer, String fhirBase) {
		String issuer = issuerOf(token);
		AuthenticationManager manager;
		if (ownKeys.isPresent() && ownIssuer.equals(issuer)) {
			manager = managers.computeIfAbsent("own " + issuer + " " + fhirBase,
					key -> manager(ownDecoder(issuer, fhirBase), ClaimNames.DEFAULTS));
		} else if (externalIssuers.containsKey(issuer)) {
			ExternalIssuer external = externalIssuers.get(issuer);
			manager = managers.computeIfAbsent("external " + issuer + " " + fhirBase,
					key -> manager(externalDecoder(external, fhirBase), external.claims()));
		} else {
			throw new InvalidBearerTokenException("The token's issuer is not trusted by this server");
		}
		return manager.authenticate(authentication);
	}

	private static String issuerOf(String token) {
		try {
			String issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
			if (issuer == null) {
				throw new InvalidBearerTokenException("The token has no issuer");
			}
			return issuer;
		} catch (ParseException e) {
			throw new InvalidBearerTokenException("The token is not a JWT");
		}
	}

	private JwtDecoder ownDecoder(String issuer, String fhirBase) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, ownKeys.orElseThrow().source()));
		processor.setJWSTypeVerifier(typeVerifier(List.of("at+jwt")));
		processor.setJWTClaimsSetVerifier((claims, context) -> {});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(validator(issuer, Set.of(fhirBase)));
		return decoder;
	}

	private JwtDecoder externalDecoder(ExternalIssuer external, String fhirBase) {
		NimbusJwtDecoder decoder = external.jwkSetUri() != null
				? NimbusJwtDecoder.withJwkSetUri(external.jwkSetUri().toString())
						.jwsAlgorithms(algorithms -> algorithms.addAll(List.of(
								org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256,
								org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS384,
								org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES256,
								org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES384,
								org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.PS256)))
						.jwtProcessorCustomizer(processor -> processor.setJWSTypeVerifier(typeVerifier(external.tokenTypes())))
						.build()
				: NimbusJwtDecoder.withIssuerLocation(external.issuer())
						.jwtProcessorCustomizer(processor -> processor.setJWSTypeVerifier(typeVerifier(external.tokenTypes())))
						.build();
		Set<String> audiences = external.audiences().isEmpty() ? Set.of(fhirBase) : Set.copyOf(external.audiences());
		decoder.setJwtValidator(validator(external.issuer(), audiences));
		return decoder;
	}

	private static JOSEObjectTypeVerifier<SecurityContext> typeVerifier(List<String> types) {
		if (types.isEmpty()) {
			return (type, context) -> {};
		}
		return new DefaultJOSEObjectTypeVerifier<>(types.stream().map(JOSEObjectType::new).collect(Collectors.toSet()));
	}

	private static OAuth2TokenValidator<Jwt> validator(String issuer, Set<String> audiences) {
		return new DelegatingOAuth2TokenValidator<>(List.of(
				new JwtTimestampValidator(),
				new JwtIssuerValidator(issuer),
				new JwtClaimValidator<Object>("exp", exp -> exp != null),
				new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.stream().anyMatch(audiences::contains)),
				TokenVerification::dpopBindingHonoured));
	}

	/** A DPoP-bound token ({@code cnf.jkt}) is worthless without its proof: refuse it as a bearer token. */
	private static OAuth2TokenValidatorResult dpopBindingHonoured(Jwt jwt) {
		Object confirmation = jwt.getClaims().get("cnf");
		boolean bound = confirmation instanceof Map<?, ?> cnf && cnf.containsKey("jkt");
		if (bound && presentedAsBearer()) {
			return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
					"The token is bound to a key (DPoP): send it as 'Authorization: DPoP' with a DPoP proof", null));
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static boolean presentedAsBearer() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			String authorization = attributes.getRequest().getHeader("Authorization");
			return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
		}
		return false;
	}

	private static AuthenticationManager manager(JwtDecoder decoder, ClaimNames names) {
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
		provider.setJwtAuthenticationConverter(jwt -> new SmartAuthentication(jwt, SmartClaims.read(jwt, names)));
		return provider::authenticate;
	}
}
