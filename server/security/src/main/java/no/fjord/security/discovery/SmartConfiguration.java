package no.fjord.security.discovery;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.fjord.security.resource.ServerUrls;

/**
 * The SMART discovery document ({@code .well-known/smart-configuration}, SMART App Launch 2.2 section
 * "Conformance"): where to authorize and get tokens, and what this server supports.
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

	private final ServerUrls urls;

	public SmartConfiguration(ServerUrls urls) {
		this.urls = urls;
	}

	public Map<String, Object> describe(HttpServletRequest request) {
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
}
