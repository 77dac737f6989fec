package no.fjord.security.discovery;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import no.fjord.security.resource.ServerUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClient;

/**
 * The SMART discovery document ({@code .well-known/smart-configuration}, SMART App Launch 2.2 section
 * "Conformance"): where to authorize and get tokens, and what this server supports. When Fjord runs no
 * authorization server of its own, the endpoints are those of the external issuer SMART apps use.
 */
public class SmartConfiguration {

	public static final List<String> CAPABILITIES = List.of("launch-ehr", "launch-standalone", "client-public",
			"client-confidential-symmetric", "client-confidential-asymmetric", "context-ehr-patient",
			"context-ehr-encounter", "context-standalone-patient", "context-banner", "context-style",
			"permission-v1", "permission-v2", "permission-patient", "permission-user", "permission-offline",
			"permission-online", "sso-openid-connect", "authorize-post");

	public static final List<String> SCOPES = List.of("openid", "fhirUser", "profile", "launch", "launch/patient",
			"launch/encounter", "offline_access", "online_access", "patient/*.cruds", "patient/*.rs", "user/*.cruds",
			"user/*.rs", "system/*.cruds", "system/*.rs", "patient/*.read", "user/*.read", "system/*.read",
			"patient/*.write", "user/*.write", "system/*.write");

	/** What an external authorization server's discovery document says, copied into Fjord's. */
	private static final List<String> COPIED = List.of("issuer", "jwks_uri", "authorization_endpoint", "token_endpoint",
			"introspection_endpoint", "revocation_endpoint", "userinfo_endpoint", "grant_types_supported",
			"token_endpoint_auth_methods_supported", "token_endpoint_auth_signing_alg_values_supported",
			"response_types_supported", "code_challenge_methods_supported", "scopes_supported",
			"dpop_signing_alg_values_supported");
	private static final Duration METADATA_TIME_TO_LIVE = Duration.ofHours(1);
	private static final Logger LOG = LoggerFactory.getLogger(SmartConfiguration.class);

	private final ServerUrls urls;
	private final Optional<String> externalAuthorizationServer;
	private final List<String> externalCapabilities;
	private final RestClient http = RestClient.create();
	private volatile Map<String, Object> externalMetadata;
	private volatile Instant externalMetadataFetched = Instant.EPOCH;

	/** Describes Fjord's own authorization server. */
	public SmartConfiguration(ServerUrls urls) {
		this(urls, Optional.empty(), List.of());
	}

	/**
	 * @param externalAuthorizationServer the issuer whose authorization server SMART clients are sent to
	 *     when Fjord runs none itself (its OpenID Connect discovery document is read, and re-read hourly)
	 * @param externalCapabilities the SMART capabilities that server offers
	 */
	public SmartConfiguration(ServerUrls urls, Optional<String> externalAuthorizationServer,
			List<String> externalCapabilities) {
		this.urls = urls;
		this.externalAuthorizationServer = externalAuthorizationServer;
		this.externalCapabilities = List.copyOf(externalCapabilities);
	}

	public Map<String, Object> describe(HttpServletRequest request) {
		if (externalAuthorizationServer.isPresent()) {
			return describeExternal(externalAuthorizationServer.get());
		}
		String issuer = urls.issuer(request);
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("issuer", issuer);
		document.put("jwks_uri", issuer + "/oauth2/jwks");
		document.put("authorization_endpoint", issuer + "/oauth2/authorize");
		document.put("token_endpoint", issuer + "/oauth2/token");
		document.put("introspection_endpoint", issuer + "/oauth2/introspect");
		document.put("revocation_endpoint", issuer + "/oauth2/revoke");
		document.put("userinfo_endpoint", issuer + "/userinfo");
		document.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
		document.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
		document.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384", "RS256", "ES256"));
		document.put("response_types_supported", List.of("code"));
		document.put("code_challenge_methods_supported", List.of("S256"));
		document.put("dpop_signing_alg_values_supported", List.of("RS256", "ES256"));
		document.put("scopes_supported", SCOPES);
		document.put("capabilities", CAPABILITIES);
		return document;
	}

	private Map<String, Object> describeExternal(String issuer) {
		Map<String, Object> document = new LinkedHashMap<>();
		Map<String, Object> metadata = externalMetadata(issuer);
		for (String key : COPIED) {
			if (metadata.get(key) != null) {
				document.put(key, metadata.get(key));
			}
		}
		document.putIfAbsent("issuer", issuer);
		document.put("capabilities", externalCapabilities);
		return document;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> externalMetadata(String issuer) {
		if (externalMetadata != null && externalMetadataFetched.plus(METADATA_TIME_TO_LIVE).isAfter(Instant.now())) {
			return externalMetadata;
		}
		try {
			Map<String, Object> fetched = http.get().uri(issuer + "/.well-known/openid-configuration")
					.retrieve().body(Map.class);
			externalMetadata = fetched == null ? Map.of() : fetched;
			externalMetadataFetched = Instant.now();
		} catch (RuntimeException e) {
			LOG.warn("Cannot read the discovery document of {}: {}", issuer, e.getMessage());
			return externalMetadata != null ? externalMetadata : Map.of();
		}
		return externalMetadata;
	}
}
