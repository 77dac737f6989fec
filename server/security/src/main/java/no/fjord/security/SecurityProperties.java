package no.fjord.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import no.fjord.common.fhir.NorwegianIdentifierSystems;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * SMART on FHIR authorization, under {@code fjord.auth}.
 *
 * @param enabled {@code false} turns every check off: for development only, logged as a warning at start
 * @param issuer the embedded authorization server's issuer URL; unset means the URL the server is
 *     reached at (fine on one host, set it behind a proxy or load balancer)
 * @param authorizationServer the embedded authorization server
 * @param externalIssuers other issuers whose tokens are accepted (Keycloak, HelseID)
 * @param users the built-in user list, for development and demonstrations
 * @param loginProviders upstream OpenID Connect providers people log in with (HelseID, ID-porten)
 * @param clients clients registered (or updated) at every start, beside those registered by API
 * @param externalCapabilities the SMART capabilities announced in discovery when Fjord runs no authorization
 *     server itself and sends SMART apps to the first external issuer
 */
@Validated
@ConfigurationProperties("fjord.auth")
public record SecurityProperties(
		@DefaultValue("true") boolean enabled,
		URI issuer,
		@Valid @DefaultValue AuthorizationServer authorizationServer,
		@Valid @DefaultValue List<ExternalIssuer> externalIssuers,
		@Valid @DefaultValue List<User> users,
		@Valid @DefaultValue List<LoginProvider> loginProviders,
		@Valid @DefaultValue List<Client> clients,
		@DefaultValue({"client-confidential-symmetric", "client-confidential-asymmetric", "permission-v1",
				"permission-v2", "permission-user", "sso-openid-connect"}) List<String> externalCapabilities) {

	/**
	 * @param enabled whether Fjord issues tokens itself
	 * @param accessTokenTimeToLive lifetime of access tokens
	 * @param refreshTokenTimeToLive lifetime of refresh tokens granted with {@code online_access}
	 * @param offlineTokenTimeToLive lifetime of refresh tokens granted with {@code offline_access}
	 * @param launchTimeToLive how long an EHR launch value can be used
	 * @param clientAssertionMaxLifetime the longest {@code exp - now} accepted in a client assertion
	 *     (SMART Backend Services: at most five minutes)
	 * @param signingKeyRotation a new signing key is made when the newest is older than this; the
	 *     previous key stays published so tokens it signed stay valid
	 * @param adminClientSecretFile where the secret of the {@code fjord-admin} client made on the first
	 *     start is written (owner-readable only); never logged
	 */
	public record AuthorizationServer(
			@DefaultValue("true") boolean enabled,
			@DefaultValue("15m") Duration accessTokenTimeToLive,
			@DefaultValue("8h") Duration refreshTokenTimeToLive,
			@DefaultValue("90d") Duration offlineTokenTimeToLive,
			@DefaultValue("5m") Duration launchTimeToLive,
			@DefaultValue("5m") Duration clientAssertionMaxLifetime,
			@DefaultValue("90d") Duration signingKeyRotation,
			@DefaultValue("./data/admin-client-secret") Path adminClientSecretFile) {}

	/**
	 * An issuer whose JWT access tokens Fjord accepts as a resource server.
	 *
	 * @param issuer the exact {@code iss}
	 * @param jwkSetUri where its signing keys are; unset means {@code issuer + /.well-known/openid-configuration}
	 * @param audiences one of these must be in {@code aud}; unset means the FHIR base URL
	 * @param tokenTypes accepted JOSE {@code typ} headers; empty accepts any (HelseID: {@code at+jwt})
	 * @param claims which claims carry what Fjord needs; HelseID's names are known by default
	 */
	public record ExternalIssuer(
			@NotBlank String issuer,
			URI jwkSetUri,
			@DefaultValue List<String> audiences,
			@DefaultValue List<String> tokenTypes,
			@DefaultValue ClaimNames claims) {}

	/**
	 * Claim names of an external issuer.
	 *
	 * @param scope space-separated string or list ({@code scope}, Keycloak and HelseID; {@code scp}, Azure)
	 * @param patient the launch patient's id
	 * @param fhirUser the user's FHIR resource
	 * @param personIdentifier the user's fødselsnummer or D-nummer
	 * @param hprNumber the health personnel number (HPR)
	 * @param organisation the organisation number the user or client acts for
	 */
	public record ClaimNames(
			@DefaultValue("scope") String scope,
			@DefaultValue("patient") String patient,
			@DefaultValue("fhirUser") String fhirUser,
			@DefaultValue("helseid://claims/identity/pid") String personIdentifier,
			@DefaultValue("helseid://claims/hpr/hpr_number") String hprNumber,
			@DefaultValue("helseid://claims/client/claims/orgnr_parent") String organisation) {

		/** The defaults above: SMART's names, and HelseID's for the person and organisation. */
		public static final ClaimNames DEFAULTS = new ClaimNames("scope", "patient", "fhirUser",
				"helseid://claims/identity/pid", "helseid://claims/hpr/hpr_number",
				"helseid://claims/client/claims/orgnr_parent");
	}

	/**
	 * A person who can log in to the embedded authorization server.
	 *
	 * @param password a Spring Security password ({@code {bcrypt}...}; {@code {noop}...} for development)
	 * @param fhirUser the person's FHIR resource: {@code Practitioner/..}, {@code Patient/..} or
	 *     {@code RelatedPerson/..}
	 * @param name shown on the pages
	 * @param roles {@code admin} may pick any patient and register clients
	 */
	public record User(
			@NotBlank String username,
			@NotBlank String password,
			@NotBlank String fhirUser,
			String name,
			@DefaultValue List<String> roles) {}

	/**
	 * An upstream OpenID Connect provider people log in with. The person is found in Fjord by an identifier
	 * claim of the ID token: health personnel as the Practitioner with that HPR number, citizens as the
	 * Patient with that fødselsnummer or D-nummer; nobody is let in without a matching resource.
	 *
	 * @param id short name used in URLs ({@code /oauth2/authorization/{id}}, redirect URI
	 *     {@code [issuer]/login/oauth2/code/{id}} to register at the provider)
	 * @param name shown on the login button ("HelseID")
	 * @param issuer the provider's issuer URL; its discovery document is read at start
	 * @param people {@code PRACTITIONER} or {@code PATIENT}: which resource the identifier finds
	 * @param identifierClaim the ID token claim with the identifier; by default HelseID's HPR number claim
	 *     for practitioners and {@code pid} (ID-porten) for patients
	 * @param clientPrivateKey a private JSON Web Key (RSA or EC): Fjord then authenticates to the provider
	 *     with signed client assertions ({@code private_key_jwt}, as HelseID requires) instead of the secret
	 */
	public record LoginProvider(
			@NotBlank String id,
			String name,
			@NotBlank String issuer,
			@NotBlank String clientId,
			String clientSecret,
			@DefaultValue({"openid", "profile"}) List<String> scopes,
			@DefaultValue("PRACTITIONER") People people,
			String identifierClaim,
			String clientPrivateKey) {

		/** Which kind of resource a provider's people are. */
		public enum People {
			PRACTITIONER("Practitioner", List.of(NorwegianIdentifierSystems.HPR_NUMMER), "helseid://claims/hpr/hpr_number"),
			/** fødselsnummer or D-nummer */
			PATIENT("Patient", List.of(NorwegianIdentifierSystems.FODSELSNUMMER, NorwegianIdentifierSystems.D_NUMMER), "pid");

			public final String resourceType;
			public final List<String> identifierSystems;
			final String defaultClaim;

			People(String resourceType, List<String> identifierSystems, String defaultClaim) {
				this.resourceType = resourceType;
				this.identifierSystems = identifierSystems;
				this.defaultClaim = defaultClaim;
			}
		}

		public String claim() {
			return identifierClaim != null ? identifierClaim : people.defaultClaim;
		}
	}

	/**
	 * A client registered from configuration.
	 *
	 * @param secret for confidential-symmetric clients ({@code {bcrypt}...} or {@code {noop}...})
	 * @param jwks a JSON Web Key Set (as JSON) of a confidential-asymmetric client
	 * @param jwksUri where the key set of a confidential-asymmetric client is published
	 * @param scopes the scopes it may be granted (SMART wildcards cover narrower requests)
	 * @param grantTypes {@code authorization_code}, {@code refresh_token}, {@code client_credentials}
	 * @param consent whether people are asked to approve the scopes
	 */
	public record Client(
			@NotBlank String clientId,
			String name,
			String secret,
			String jwks,
			URI jwksUri,
			@DefaultValue List<String> scopes,
			@DefaultValue List<String> grantTypes,
			@DefaultValue List<String> redirectUris,
			@DefaultValue("true") boolean consent) {}
}
