package no.fjord.security.authserver.tokens;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.fjord.common.access.AuthorizationEvents;
import no.fjord.security.SecurityProperties.ClaimNames;
import no.fjord.security.authserver.launch.LaunchContexts.LaunchContext;
import no.fjord.security.portal.People.Person;
import no.fjord.security.authserver.launch.LaunchContexts;
import no.fjord.security.portal.People;
import no.fjord.security.resource.ServerUrls;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What SMART adds to Fjord's tokens and token responses: the access token is a JWT ({@code typ: at+jwt})
 * for the FHIR base URL ({@code aud}) carrying {@code scope}, {@code client_id} and the launch context
 * ({@code patient}, {@code encounter}, {@code need_patient_banner}) and, for every token issued to a person
 * whatever the scopes asked for, {@code fhirUser} (and the HPR number of personnel who logged in through an
 * upstream provider, under HelseID's claim name); the id token carries {@code fhirUser} as an
 * absolute URL; the token response repeats the launch context with {@code need_patient_banner} and
 * {@code smart_style_url}. The launch context comes from the {@code launch} value of the authorization
 * request, or, when tokens are refreshed, from the access token being replaced.
 */
public class SmartTokens implements OAuth2TokenCustomizer<JwtEncodingContext> {

	public static final String STYLE_PATH = "/smart/style.json";
	private static final String BANNER = "need_patient_banner";

	private final SigningKeys keys;
	private final LaunchContexts launches;
	private final People people;
	private final ServerUrls urls;
	private final AuthorizationEvents events;

	public SmartTokens(SigningKeys keys, LaunchContexts launches, People people, ServerUrls urls,
			AuthorizationEvents events) {
		this.events = events;
		this.keys = keys;
		this.launches = launches;
		this.people = people;
		this.urls = urls;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		context.getJwsHeader().algorithm(SignatureAlgorithm.RS256).keyId(keys.current().getKeyID());
		HttpServletRequest request = ServerUrls.currentRequest();
		String fhirBase = urls.fhirBase(request);
		boolean clientCredentials = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType());
		Optional<Person> user = clientCredentials ? Optional.empty() : people.of(context.getPrincipal());
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			context.getJwsHeader().type("at+jwt");
			context.getClaims()
					// a mutable list: Spring Authorization Server stores the claims as JSON and reads back only allowlisted types
					.audience(new ArrayList<>(List.of(fhirBase)))
					.claim(OAuth2ParameterNames.SCOPE, String.join(" ", context.getAuthorizedScopes()))
					.claim("client_id", context.getRegisteredClient().getClientId());
			launchContext(context).ifPresent(launch -> {
				// kept in the token, so the token response and later refreshes know it without the launch value
				context.getClaims().claim("patient", launch.patient()).claim(BANNER, !launch.fromEhr());
				if (launch.encounter() != null) {
					context.getClaims().claim("encounter", launch.encounter());
				}
			});
			// Who the person is, whatever scopes were asked for: blockings are decided by it (issue #12).
			user.ifPresent(person -> context.getClaims().claim("fhirUser", person.fhirUser()));
			user.map(Person::hprNumber).ifPresent(hpr -> context.getClaims().claim(ClaimNames.DEFAULTS.hprNumber(), hpr));
		} else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			user.map(Person::fhirUser).filter(any -> context.getAuthorizedScopes().contains("fhirUser")
							|| context.getAuthorizedScopes().contains(OidcScopes.OPENID))
					.ifPresent(reference -> context.getClaims().claim("fhirUser", fhirBase + "/" + reference));
			user.map(Person::name).ifPresent(name -> context.getClaims().claim("name", name));
		}
	}

	private Optional<LaunchContext> launchContext(JwtEncodingContext context) {
		OAuth2Authorization authorization = context.getAuthorization();
		if (authorization == null) {
			return Optional.empty();
		}
		if (AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())
				&& authorization.getAccessToken() != null && authorization.getAccessToken().getClaims() != null) {
			Map<String, Object> previous = authorization.getAccessToken().getClaims();
			return Optional.ofNullable(previous.get("patient"))
					.map(patient -> new LaunchContext(patient.toString(),
							previous.get("encounter") == null ? null : previous.get("encounter").toString(),
							Boolean.FALSE.equals(previous.get(BANNER))));
		}
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		if (request == null || request.getAdditionalParameters().get("launch") == null) {
			return Optional.empty();
		}
		return launches.find(request.getAdditionalParameters().get("launch").toString());
	}

	/** Adds the launch context and SMART's display hints to the token response. */
	public void customizeResponse(OAuth2AccessTokenAuthenticationContext context) {
		OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
		OAuth2AccessToken accessToken = issued.getAccessToken();
		Map<String, Object> claims = claimsOf(accessToken.getTokenValue());
		Map<String, Object> parameters = new LinkedHashMap<>(issued.getAdditionalParameters());
		if (claims.get("patient") != null) {
			parameters.put("patient", claims.get("patient"));
			// an EHR shows the patient itself; a standalone app must
			parameters.put(BANNER, !Boolean.FALSE.equals(claims.get(BANNER)));
		}
		if (claims.get("encounter") != null) {
			parameters.put("encounter", claims.get("encounter"));
		}
		if (claims.get("patient") != null || claims.get("fhirUser") != null) {
			parameters.put("smart_style_url", urls.issuer(ServerUrls.currentRequest()) + STYLE_PATH);
		}
		context.getAccessTokenResponse().additionalParameters(parameters);
		events.record(new AuthorizationEvents.AuthorizationEvent("token", string(claims.get("iss")),
				string(claims.get("client_id")), string(claims.get("sub")), string(claims.get("fhirUser")),
				string(claims.get(ClaimNames.DEFAULTS.hprNumber())),
				string(claims.get("patient")), string(claims.get("scope")), null));
	}

	private static String string(Object claim) {
		return claim == null ? null : claim.toString();
	}

	private static Map<String, Object> claimsOf(String jwt) {
		try {
			return JWTParser.parse(jwt).getJWTClaimsSet().getClaims();
		} catch (ParseException e) {
			return Map.of();
		}
	}
}
