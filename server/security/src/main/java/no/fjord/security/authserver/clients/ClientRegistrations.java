package no.fjord.security.authserver.clients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import no.fjord.security.SecurityProperties;
import no.fjord.security.SecurityProperties.Client;
import no.fjord.security.token.SmartPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Registers SMART clients: those in {@code fjord.auth.clients} at every start, those sent to the admin
 * API, and on the first start the {@code fjord-admin} client, whose generated secret is written to a file
 * only its owner can read (never to the log). A client is public (no secret, PKCE required),
 * confidential-symmetric (a secret) or confidential-asymmetric (a JSON Web Key Set, inline or by URL,
 * for {@code private_key_jwt}).
 */
public class ClientRegistrations {

	public static final String ADMIN_CLIENT_ID = "fjord-admin";
	private static final Logger LOG = LoggerFactory.getLogger(ClientRegistrations.class);
	private static final SecureRandom RANDOM = new SecureRandom();

	private final RegisteredClientRepository repository;
	private final PasswordEncoder passwords;
	private final SecurityProperties.AuthorizationServer settings;

	public ClientRegistrations(RegisteredClientRepository repository, PasswordEncoder passwords,
			SecurityProperties.AuthorizationServer settings) {
		this.repository = repository;
		this.passwords = passwords;
		this.settings = settings;
	}

	/** Registers the configured clients and, once, the administration client. */
	public void registerAtStart(List<Client> configured) {
		configured.forEach(this::save);
		if (repository.findByClientId(ADMIN_CLIENT_ID) == null) {
			String secret = newSecret();
			writeSecretFile(secret);
			save(new Client(ADMIN_CLIENT_ID, "Fjord administration", secret, null, null,
					List.of(SmartPrincipal.ADMIN_SCOPE, "system/CodeSystem.cruds", "system/ValueSet.cruds",
							"system/ConceptMap.cruds"),
					List.of(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue()), List.of(), false));
			LOG.info("Registered client '{}'; its secret is in {} (readable by its owner only)", ADMIN_CLIENT_ID,
					settings.adminClientSecretFile().toAbsolutePath());
		}
	}

	/** Registers a client or replaces the registration with the same client id. */
	public RegisteredClient save(Client client) {
		RegisteredClient existing = repository.findByClientId(client.clientId());
		RegisteredClient.Builder builder = RegisteredClient
				.withId(existing != null ? existing.getId() : UUID.randomUUID().toString())
				.clientId(client.clientId())
				.clientName(client.name() != null ? client.name() : client.clientId());
		ClientSettings.Builder clientSettings = ClientSettings.builder().requireAuthorizationConsent(client.consent());
		if (client.secret() != null) {
			builder.clientSecret(encoded(client.secret()))
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		} else if (client.jwks() != null || client.jwksUri() != null) {
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
			clientSettings.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384);
			if (client.jwks() != null) {
				clientSettings.setting(ClientAssertions.JWKS_SETTING, client.jwks());
			} else {
				clientSettings.jwkSetUrl(client.jwksUri().toString());
			}
		} else {
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
			clientSettings.requireProofKey(true);
		}
		List<String> grantTypes = client.grantTypes().isEmpty()
				? List.of(AuthorizationGrantType.AUTHORIZATION_CODE.getValue(), AuthorizationGrantType.REFRESH_TOKEN.getValue())
				: client.grantTypes();
		grantTypes.forEach(grant -> builder.authorizationGrantType(new AuthorizationGrantType(grant)));
		client.redirectUris().forEach(builder::redirectUri);
		client.scopes().forEach(builder::scope);
		builder.clientSettings(clientSettings.build()).tokenSettings(tokenSettings(client));
		RegisteredClient registered = builder.build();
		repository.save(registered);
		return registered;
	}

	public Optional<RegisteredClient> find(String clientId) {
		return Optional.ofNullable(repository.findByClientId(clientId));
	}

	private TokenSettings tokenSettings(Client client) {
		Duration refresh = client.scopes().contains("offline_access") ? settings.offlineTokenTimeToLive()
				: settings.refreshTokenTimeToLive();
		return TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.accessTokenTimeToLive(settings.accessTokenTimeToLive())
				.refreshTokenTimeToLive(refresh)
				.reuseRefreshTokens(false)
				.authorizationCodeTimeToLive(Duration.ofMinutes(1))
				.build();
	}

	private String encoded(String secret) {
		return secret.startsWith("{") ? secret : passwords.encode(secret);
	}

	public static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private void writeSecretFile(String secret) {
		Path file = settings.adminClientSecretFile();
		try {
			if (file.getParent() != null) {
				Files.createDirectories(file.getParent());
			}
			Files.deleteIfExists(file);
			Files.createFile(file);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			} catch (UnsupportedOperationException notPosix) {
				// Windows: the file keeps the directory's permissions
			}
			Files.writeString(file, secret + System.lineSeparator());
		} catch (IOException e) {
			throw new IllegalStateException("Cannot write the administration client's secret to " + file, e);
		}
	}
}
