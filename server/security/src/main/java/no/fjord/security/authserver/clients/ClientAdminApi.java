package no.fjord.security.authserver.clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.fjord.security.SecurityProperties.Client;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registers SMART clients, for administrators ({@code fjord.admin} scope): the request and response
 * follow OAuth Dynamic Client Registration (RFC 7591) metadata names. {@code token_endpoint_auth_method}
 * {@code none} makes a public client (PKCE required), {@code client_secret_basic} a confidential-symmetric
 * one (the generated secret is in the response, only there), {@code private_key_jwt} a
 * confidential-asymmetric one with {@code jwks} or {@code jwks_uri}.
 */
@RestController
public class ClientAdminApi {

	public static final String PATH = "/admin/clients";
	private static final Set<String> GRANTS = Set.of("authorization_code", "refresh_token", "client_credentials");
	private static final ObjectMapper JSON = new ObjectMapper();

	private final ClientRegistrations registrations;

	public ClientAdminApi(ClientRegistrations registrations) {
		this.registrations = registrations;
	}

	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> register(@RequestBody ClientMetadata metadata) {
		String problem = metadata.problem();
		if (problem != null) {
			return ResponseEntity.badRequest().body(Map.of("error", "invalid_client_metadata", "error_description", problem));
		}
		String clientId = metadata.client_id() != null ? metadata.client_id() : ClientRegistrations.newSecret().substring(0, 22);
		String secret = "client_secret_basic".equals(metadata.token_endpoint_auth_method())
				|| "client_secret_post".equals(metadata.token_endpoint_auth_method()) ? ClientRegistrations.newSecret() : null;
		RegisteredClient saved = registrations.save(new Client(clientId, metadata.client_name(), secret,
				metadata.jwks() == null ? null : JSON.valueToTree(metadata.jwks()).toString(),
				metadata.jwks_uri(), List.of(metadata.scope().trim().split("\\s+")), metadata.grant_types(),
				metadata.redirect_uris() == null ? List.of() : metadata.redirect_uris(),
				!Boolean.FALSE.equals(metadata.require_consent())));
		Map<String, Object> body = describe(saved);
		if (secret != null) {
			body.put("client_secret", secret);
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(body);
	}

	@GetMapping(path = PATH + "/{clientId}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> read(@PathVariable String clientId) {
		return registrations.find(clientId).map(client -> ResponseEntity.ok(describe(client)))
				.orElse(ResponseEntity.notFound().build());
	}

	private static Map<String, Object> describe(RegisteredClient client) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("client_id", client.getClientId());
		body.put("client_name", client.getClientName());
		body.put("token_endpoint_auth_method", client.getClientAuthenticationMethods().iterator().next().getValue());
		body.put("grant_types", client.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue).sorted().toList());
		body.put("redirect_uris", client.getRedirectUris().stream().sorted().toList());
		body.put("scope", String.join(" ", client.getScopes()));
		return body;
	}

	/** RFC 7591 client metadata (the names are the protocol's). */
	record ClientMetadata(String client_id, String client_name, String token_endpoint_auth_method,
			List<String> grant_types, List<String> redirect_uris, String scope, Map<String, Object> jwks,
			URI jwks_uri, Boolean require_consent) {

		String problem() {
			if (scope == null || scope.isBlank()) {
				return "scope is required";
			}
			if (client_id != null && !client_id.matches("[A-Za-z0-9._\\-]{3,100}")) {
				return "client_id: 3 to 100 letters, digits, '.', '_' or '-'";
			}
			if (grant_types == null || grant_types.isEmpty() || !GRANTS.containsAll(grant_types)) {
				return "grant_types: one or more of " + GRANTS;
			}
			String method = token_endpoint_auth_method == null ? "" : token_endpoint_auth_method;
			switch (method) {
				case "none" -> {
					if (grant_types.contains("client_credentials")) {
						return "a public client (none) cannot use client_credentials";
					}
				}
				case "client_secret_basic", "client_secret_post" -> { }
				case "private_key_jwt" -> {
					if ((jwks == null) == (jwks_uri == null)) {
						return "private_key_jwt needs either jwks or jwks_uri";
					}
				}
				default -> {
					return "token_endpoint_auth_method: none, client_secret_basic or private_key_jwt";
				}
			}
			if (grant_types.contains("authorization_code") && (redirect_uris == null || redirect_uris.isEmpty())) {
				return "authorization_code needs redirect_uris";
			}
			return null;
		}
	}
}
