package no.fjord.it;

import static no.fjord.it.SecurityFixtures.APP;
import static no.fjord.it.SecurityFixtures.DOCTOR;
import static no.fjord.it.SecurityFixtures.DOCTOR_PASSWORD;
import static no.fjord.it.SecurityFixtures.PATIENT_ID;
import static no.fjord.it.SecurityFixtures.PATIENT_PASSWORD;
import static no.fjord.it.SecurityFixtures.PATIENT_USER;
import static no.fjord.it.SecurityFixtures.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMART on FHIR end to end over HTTP: discovery, the embedded authorization server's flows (standalone
 * and EHR launch with login, consent and patient picker; Backend Services with RS384 and ES384 client
 * assertions), tokens of an external issuer, and what each kind of token can and cannot reach.
 */
class SecurityIT extends FjordServerIT {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final String OTHER_PATIENT = SecurityFixtures.OTHER_PATIENT;

	@BeforeEach
	void records() {
		SecurityFixtures.storeRecords(client);
	}

	// ---- discovery and refusals

	@Test
	void discoveryAndCapabilityStatementArePublicAndDescribeSmart() throws Exception {
		HttpResponse<String> smart = sendAsIs(HttpRequest.newBuilder(URI.create(base() + "/.well-known/smart-configuration")).build());
		assertThat(smart.statusCode()).isEqualTo(200);
		JsonNode document = JSON.readTree(smart.body());
		assertThat(document.path("token_endpoint").asText()).isEqualTo(root() + "/oauth2/token");
		assertThat(document.path("authorization_endpoint").asText()).isEqualTo(root() + "/oauth2/authorize");
		assertThat(document.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
		assertThat(document.path("capabilities").toString()).contains("launch-ehr", "launch-standalone", "client-public",
				"client-confidential-symmetric", "client-confidential-asymmetric", "context-ehr-patient",
				"context-standalone-patient", "permission-v1", "permission-v2", "permission-patient", "permission-user",
				"permission-offline", "sso-openid-connect", "authorize-post");
		assertThat(document.path("token_endpoint_auth_signing_alg_values_supported").toString()).contains("RS384", "ES384");

		HttpResponse<String> jwks = sendAsIs(HttpRequest.newBuilder(URI.create(document.path("jwks_uri").asText())).build());
		assertThat(jwks.statusCode()).isEqualTo(200);
		String keyOfOurTokens = SignedJWT.parse(token()).getHeader().getKeyID();
		assertThat(JSON.readTree(jwks.body()).path("keys").findValuesAsText("kid")).contains(keyOfOurTokens);
		assertThat(JSON.readTree(jwks.body()).path("keys").findValues("d")).as("public parts only").isEmpty();

		HttpResponse<String> metadata = sendAsIs(HttpRequest.newBuilder(URI.create(base() + "/metadata")).build());
		assertThat(metadata.statusCode()).isEqualTo(200);
		assertThat(metadata.body()).contains("SMART-on-FHIR", "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
				root() + "/oauth2/token");
	}

	@Test
	void everythingElseNeedsAToken() {
		for (String path : List.of("/fhir/Patient", "/fhir/Patient/" + PATIENT_ID, "/fhir", "/admin/clients/fjord-it",
				"/actuator/prometheus", "/fhir/$export")) {
			HttpResponse<String> response = sendAsIs(HttpRequest.newBuilder(URI.create(root() + path)).build());
			assertThat(response.statusCode()).as(path).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
					challenge -> assertThat(challenge).startsWith("Bearer"));
		}
		HttpResponse<String> fhir = sendAsIs(HttpRequest.newBuilder(URI.create(base() + "/Patient")).build());
		assertThat(fhir.body()).contains("OperationOutcome", "access token");
	}

	@Test
	void forgedExpiredAndForeignTokensAreRefused() throws Exception {
		RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
		String forged = sign(stranger, "at+jwt", claims(root(), base()).build());
		assertRefused(forged, "a token signed by an unknown key, naming this server as issuer", "");

		assertRefused(sign(SecurityFixtures.ISSUER_KEY, "at+jwt", claims("https://unknown-issuer.example", base()).build()),
				"an untrusted issuer", "issuer is not trusted");
		JWTClaimsSet.Builder external = claims(SecurityFixtures.EXTERNAL_ISSUER, SecurityFixtures.EXTERNAL_AUDIENCE);
		assertRefused(sign(SecurityFixtures.ISSUER_KEY, "at+jwt", claims(SecurityFixtures.EXTERNAL_ISSUER, "nhn:other-api").build()),
				"the wrong audience", "aud");
		assertRefused(sign(SecurityFixtures.ISSUER_KEY, "at+jwt", external.issueTime(Date.from(Instant.now().minusSeconds(900)))
				.expirationTime(Date.from(Instant.now().minusSeconds(120))).build()), "an expired token", "expired");
		assertRefused(sign(SecurityFixtures.ISSUER_KEY, "JWT",
				claims(SecurityFixtures.EXTERNAL_ISSUER, SecurityFixtures.EXTERNAL_AUDIENCE).build()), "typ JWT, not at+jwt", "typ");
		assertRefused(sign(SecurityFixtures.ISSUER_KEY, "at+jwt", claims(SecurityFixtures.EXTERNAL_ISSUER,
				SecurityFixtures.EXTERNAL_AUDIENCE).claim("cnf", Map.of("jkt", "abc")).build()), "a DPoP-bound token sent as Bearer", "DPoP");
	}

	@Test
	void tokensOfAnExternalIssuerAreAcceptedWithTheirClaims() throws Exception {
		String token = sign(SecurityFixtures.ISSUER_KEY, "at+jwt",
				claims(SecurityFixtures.EXTERNAL_ISSUER, SecurityFixtures.EXTERNAL_AUDIENCE)
						.claim("scope", "user/Patient.rs")
						.claim("helseid://claims/hpr/hpr_number", "565501872")
						.claim("helseid://claims/identity/pid", "13116900216").build());
		HttpResponse<String> read = getWith(token, "Patient/" + PATIENT_ID);
		assertThat(read.statusCode()).as(read.headers().firstValue("WWW-Authenticate").orElse("")).isEqualTo(200);
		assertThat(getWith(token, "Observation?patient=" + PATIENT_ID).statusCode()).as("no Observation scope").isEqualTo(403);
	}

	// ---- Backend Services

	@Test
	void backendServicesGetTokensWithRs384AndEs384ClientAssertions() throws Exception {
		for (String clientId : List.of(SecurityFixtures.RSA_BACKEND, SecurityFixtures.EC_BACKEND)) {
			JsonNode response = backendToken(clientId, assertion(clientId, 240), "system/Patient.rs system/Observation.cruds");
			assertThat(response.path("access_token").asText()).as(clientId + ": " + response).isNotEmpty();
			assertThat(response.path("token_type").asText()).isEqualTo("Bearer");
			String token = response.path("access_token").asText();
			assertThat(getWith(token, "Patient/" + OTHER_PATIENT).statusCode()).isEqualTo(200);
			HttpResponse<String> create = send(HttpRequest.newBuilder(URI.create(base() + "/Observation"))
					.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(
							SecurityFixtures.observation(null, PATIENT_ID, "vital-signs")))));
			assertThat(create.statusCode()).as("system/Observation.cruds creates").isEqualTo(201);
			HttpResponse<String> write = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + OTHER_PATIENT))
					.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
					.PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(
							SecurityFixtures.patient(OTHER_PATIENT, "Endret")))));
			assertThat(write.statusCode()).as("system/Patient.rs cannot write").isEqualTo(403);
			assertThat(write.body()).contains("OperationOutcome");
		}
	}

	@Test
	void replayedLongLivedOrMisaddressedClientAssertionsAreRefused() throws Exception {
		String assertion = assertion(SecurityFixtures.RSA_BACKEND, 120);
		assertThat(backendToken(SecurityFixtures.RSA_BACKEND, assertion, "system/Patient.rs").has("access_token")).isTrue();
		assertThat(backendToken(SecurityFixtures.RSA_BACKEND, assertion, "system/Patient.rs").path("error").asText())
				.as("the same jti again").isEqualTo("invalid_client");
		assertThat(backendToken(SecurityFixtures.RSA_BACKEND, assertion(SecurityFixtures.RSA_BACKEND, 900), "system/Patient.rs")
				.path("error").asText()).as("exp 15 minutes ahead").isEqualTo("invalid_client");
		String wrongAudience = sign(SecurityFixtures.RSA_KEY, null, new JWTClaimsSet.Builder()
				.issuer(SecurityFixtures.RSA_BACKEND).subject(SecurityFixtures.RSA_BACKEND).audience("https://elsewhere.example/token")
				.expirationTime(Date.from(Instant.now().plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build(),
				JWSAlgorithm.RS384);
		assertThat(backendToken(SecurityFixtures.RSA_BACKEND, wrongAudience, "system/Patient.rs").path("error").asText())
				.isEqualTo("invalid_client");
		String signedByOtherKey = sign(SecurityFixtures.ISSUER_KEY, null, new JWTClaimsSet.Builder()
				.issuer(SecurityFixtures.RSA_BACKEND).subject(SecurityFixtures.RSA_BACKEND).audience(root() + "/oauth2/token")
				.expirationTime(Date.from(Instant.now().plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build(),
				JWSAlgorithm.RS384);
		assertThat(backendToken(SecurityFixtures.RSA_BACKEND, signedByOtherKey, "system/Patient.rs").path("error").asText())
				.isEqualTo("invalid_client");
		assertThat(backendToken(SecurityFixtures.RSA_BACKEND, assertion(SecurityFixtures.RSA_BACKEND, 60), "system/Patient.cruds")
				.path("error").asText()).as("more than registered").isEqualTo("invalid_scope");
	}

	@Test
	void queryRestrictedScopesOnlyReachMatchingResources() throws Exception {
		String token = backendToken(SecurityFixtures.RSA_BACKEND, assertion(SecurityFixtures.RSA_BACKEND, 60),
				"system/Observation.rs?category=laboratory").path("access_token").asText();
		assertThat(getWith(token, "Observation/it-lab-" + PATIENT_ID).statusCode()).isEqualTo(200);
		assertThat(getWith(token, "Observation/it-vital-" + PATIENT_ID).statusCode()).isEqualTo(403);
		assertThat(getWith(token, "Observation?category=laboratory&patient=" + PATIENT_ID).statusCode()).isEqualTo(200);
		assertThat(getWith(token, "Observation?patient=" + PATIENT_ID).statusCode()).as("would return vital signs").isEqualTo(403);
	}

	@Test
	void administrationNeedsTheAdministratorScope() throws Exception {
		String reader = backendToken(SecurityFixtures.RSA_BACKEND, assertion(SecurityFixtures.RSA_BACKEND, 60), "system/*.rs")
				.path("access_token").asText();
		HttpResponse<String> load = send(HttpRequest.newBuilder(URI.create(base() + "/$load-terminology"))
				.header("Authorization", "Bearer " + reader).header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Parameters\"}")));
		assertThat(load.statusCode()).isEqualTo(403);
		HttpResponse<String> register = registerClient(reader, "{\"client_name\":\"x\",\"token_endpoint_auth_method\":\"none\","
				+ "\"grant_types\":[\"authorization_code\"],\"redirect_uris\":[\"https://app.example/cb\"],\"scope\":\"patient/*.rs\"}");
		assertThat(register.statusCode()).isEqualTo(403);

		HttpResponse<String> registered = registerClient(token(), "{\"client_name\":\"Video\",\"token_endpoint_auth_method\":"
				+ "\"client_secret_basic\",\"grant_types\":[\"client_credentials\"],\"scope\":\"system/Appointment.rs\"}");
		assertThat(registered.statusCode()).isEqualTo(201);
		JsonNode client = JSON.readTree(registered.body());
		JsonNode issued = TestTokens.tokenResponse(root(), client.path("client_id").asText(), client.path("client_secret").asText(),
				"grant_type=client_credentials&scope=system%2FAppointment.rs");
		assertThat(issued.path("access_token").asText()).isNotEmpty();
		assertThat(getWith(issued.path("access_token").asText(), "Appointment").statusCode()).isEqualTo(200);
		assertThat(getWith(issued.path("access_token").asText(), "Patient").statusCode()).isEqualTo(403);

		HttpResponse<String> bad = registerClient(token(), "{\"token_endpoint_auth_method\":\"private_key_jwt\","
				+ "\"grant_types\":[\"client_credentials\"],\"scope\":\"system/*.rs\"}");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("jwks");
	}

	@Test
	void anExportAndItsFilesBelongToWhoeverStartedIt() throws Exception {
		String other = backendToken(SecurityFixtures.RSA_BACKEND, assertion(SecurityFixtures.RSA_BACKEND, 60), "system/*.rs")
				.path("access_token").asText();
		HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(base() + "/$export?_type=Patient"))
				.header("Prefer", "respond-async").header("Accept", "application/fhir+json").GET());
		assertThat(accepted.statusCode()).isEqualTo(202);
		String status = accepted.headers().firstValue("Content-Location").orElseThrow();

		HttpResponse<String> pollByOther = send(HttpRequest.newBuilder(URI.create(status))
				.header("Authorization", "Bearer " + other).GET());
		assertThat(pollByOther.statusCode()).as("someone else's job").isEqualTo(404);

		JsonNode manifest = null;
		for (int attempt = 0; attempt < 180 && manifest == null; attempt++) {
			HttpResponse<String> poll = send(HttpRequest.newBuilder(URI.create(status)).GET());
			if (poll.statusCode() == 200) {
				manifest = JSON.readTree(poll.body());
			} else {
				assertThat(poll.statusCode()).isEqualTo(202);
				Thread.sleep(1000);
			}
		}
		assertThat(manifest).as("export finished").isNotNull();
		String file = manifest.path("output").get(0).path("url").asText();
		assertThat(send(HttpRequest.newBuilder(URI.create(file)).GET()).statusCode()).isEqualTo(200);
		HttpResponse<String> downloadByOther = send(HttpRequest.newBuilder(URI.create(file))
				.header("Authorization", "Bearer " + other).GET());
		assertThat(downloadByOther.statusCode()).as("someone else's export file").isEqualTo(403);
		assertThat(downloadByOther.body()).doesNotContain(PATIENT_ID);
	}

	@Test
	void introspectionAndRevocation() throws Exception {
		String token = TestTokens.tokenResponse(root(), TestTokens.CLIENT_ID, TestTokens.SECRET,
				"grant_type=client_credentials&scope=system%2FPatient.rs").path("access_token").asText();
		assertThat(introspect(token).path("active").asBoolean()).isTrue();
		assertThat(introspect(token).path("scope").asText()).isEqualTo("system/Patient.rs");
		HttpResponse<String> revoke = formPost("/oauth2/revoke", "token=" + token);
		assertThat(revoke.statusCode()).isEqualTo(200);
		assertThat(introspect(token).path("active").asBoolean()).isFalse();
	}

	@Test
	void dpopBoundTokensNeedTheirProof() throws Exception {
		com.nimbusds.jose.jwk.ECKey key = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
				.keyID("dpop").generate();
		HttpResponse<String> issued = send(HttpRequest.newBuilder(URI.create(root() + "/oauth2/token"))
				.header("Authorization", TestTokens.basic(TestTokens.CLIENT_ID, TestTokens.SECRET))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("DPoP", dpopProof(key, "POST", root() + "/oauth2/token", null))
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=system%2FPatient.rs")));
		JsonNode response = JSON.readTree(issued.body());
		assertThat(response.path("token_type").asText()).as(issued.body()).isEqualTo("DPoP");
		String token = response.path("access_token").asText();
		String url = base() + "/Patient/" + PATIENT_ID;

		String proof = dpopProof(key, "GET", url, token);
		HttpResponse<String> bound = send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "DPoP " + token).header("DPoP", proof).GET());
		assertThat(bound.statusCode()).as(bound.body()).isEqualTo(200);
		HttpResponse<String> replayed = send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "DPoP " + token).header("DPoP", proof).GET());
		assertThat(replayed.statusCode()).as("the same proof twice").isEqualTo(401);
		HttpResponse<String> withoutProof = send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "DPoP " + token).GET());
		assertThat(withoutProof.statusCode()).isEqualTo(401);
		HttpResponse<String> asBearer = send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "Bearer " + token).GET());
		assertThat(asBearer.statusCode()).isEqualTo(401);
		com.nimbusds.jose.jwk.ECKey stranger = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
				.generate();
		HttpResponse<String> otherKey = send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "DPoP " + token).header("DPoP", dpopProof(stranger, "GET", url, token)).GET());
		assertThat(otherKey.statusCode()).as("a proof signed by another key").isEqualTo(401);
	}

	/** A DPoP proof (RFC 9449): signed by the client's key, which travels in the header, for one request. */
	private static String dpopProof(com.nimbusds.jose.jwk.ECKey key, String method, String url, String accessToken)
			throws Exception {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
				.claim("htm", method).claim("htu", url).issueTime(new Date());
		if (accessToken != null) {
			byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
					.digest(accessToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			claims.claim("ath", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
		}
		SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
				.jwk(key.toPublicJWK()).build(), claims.build());
		proof.sign(new ECDSASigner(key));
		return proof.serialize();
	}

	// ---- App Launch

	@Test
	void standaloneLaunchOfAPatientSeesOnlyTheirOwnRecord() throws Exception {
		JsonNode tokens = standaloneLaunch(PATIENT_USER, PATIENT_PASSWORD, "openid fhirUser launch/patient patient/*.rs", null);
		assertThat(tokens.path("patient").asText()).isEqualTo(PATIENT_ID);
		assertThat(tokens.path("need_patient_banner").asBoolean()).isTrue();
		assertThat(tokens.path("smart_style_url").asText()).endsWith("/smart/style.json");
		assertThat(tokens.path("id_token").asText()).isNotEmpty();
		String idToken = tokens.path("id_token").asText();
		assertThat(SignedJWT.parse(idToken).getJWTClaimsSet().getStringClaim("fhirUser")).isEqualTo(base() + "/Patient/" + PATIENT_ID);
		String token = tokens.path("access_token").asText();

		assertThat(getWith(token, "Patient/" + PATIENT_ID).statusCode()).isEqualTo(200);
		assertCannotReachOtherPatient(token);
		HttpResponse<String> write = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + PATIENT_ID))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(SecurityFixtures.patient(PATIENT_ID, "Endret")))));
		assertThat(write.statusCode()).as("read-only scopes").isEqualTo(403);
	}

	@Test
	void personnelLogInThroughAnUpstreamProviderAsTheirPractitioner() throws Exception {
		FakeOidcProvider.nextPerson(Map.of("sub", "upstream-lege", "name", "Lege Legesen",
				"helseid://claims/hpr/hpr_number", SecurityFixtures.DOCTOR_HPR));
		BrowserSession browser = new BrowserSession(root());
		HttpResponse<String> login = browser.get("/login");
		assertThat(login.body()).contains("/oauth2/authorization/" + SecurityFixtures.UPSTREAM, "HelseID (test)");
		HttpResponse<String> consent = browser.browseUpstream(browser.authorizeUrl(APP, REDIRECT,
				"openid fhirUser user/Patient.rs", Map.of()), SecurityFixtures.UPSTREAM, REDIRECT);
		assertThat(consent.statusCode()).as(consent.headers().map().toString()).isEqualTo(200);
		JsonNode tokens = exchange(browser, browser.approve(consent));
		assertThat(SignedJWT.parse(tokens.path("id_token").asText()).getJWTClaimsSet().getStringClaim("fhirUser"))
				.isEqualTo(base() + "/" + SecurityFixtures.DOCTOR_RESOURCE);
		assertThat(getWith(tokens.path("access_token").asText(), "Patient/" + PATIENT_ID).statusCode()).isEqualTo(200);

		FakeOidcProvider.nextPerson(Map.of("sub", "upstream-lege", "helseid://claims/hpr/hpr_number",
				SecurityFixtures.DOCTOR_HPR));
		BrowserSession withKey = new BrowserSession(root());
		HttpResponse<String> consentWithKey = withKey.browseUpstream(withKey.authorizeUrl(APP, REDIRECT,
				"openid fhirUser user/Patient.rs", Map.of()), SecurityFixtures.UPSTREAM_JWT, REDIRECT);
		// the same person approved these scopes above, so the consent page may be skipped
		JsonNode keyTokens = consentWithKey.statusCode() == 200
				? exchange(withKey, withKey.approve(consentWithKey)) : exchange(withKey, consentWithKey);
		assertThat(SignedJWT.parse(keyTokens.path("id_token").asText()).getJWTClaimsSet().getStringClaim("fhirUser"))
				.as("Fjord authenticated to the provider with private_key_jwt").isEqualTo(base() + "/" + SecurityFixtures.DOCTOR_RESOURCE);

		FakeOidcProvider.nextPerson(Map.of("sub", "upstream-stranger", "helseid://claims/hpr/hpr_number", "1234567"));
		BrowserSession stranger = new BrowserSession(root());
		HttpResponse<String> refused = stranger.browseUpstream(stranger.authorizeUrl(APP, REDIRECT, "openid user/Patient.rs",
				Map.of()), SecurityFixtures.UPSTREAM, REDIRECT);
		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body()).as("back on the login page, told why").contains("role=\"alert\"", "not registered in Fjord");
	}

	@Test
	void confidentialAppsRefreshTokensAndKeepTheLaunchContext() throws Exception {
		String app = SecurityFixtures.CONFIDENTIAL_APP;
		String secret = SecurityFixtures.CONFIDENTIAL_APP_SECRET;
		BrowserSession browser = new BrowserSession(root());
		HttpResponse<String> consent = browser.browse(browser.authorizeUrl(app, REDIRECT,
				"launch/patient offline_access patient/*.rs", Map.of()), PATIENT_USER, PATIENT_PASSWORD, REDIRECT);
		JsonNode first = consent.statusCode() == 200
				? browser.exchange(app, secret, REDIRECT, browser.approve(consent)) : browser.exchange(app, secret, REDIRECT, consent);
		String refreshToken = first.path("refresh_token").asText();
		assertThat(refreshToken).as(first.toString()).isNotEmpty();

		JsonNode refreshed = TestTokens.tokenResponse(root(), app, secret,
				BrowserSession.form(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken)));
		String token = refreshed.path("access_token").asText();
		assertThat(token).as(refreshed.toString()).isNotEmpty().isNotEqualTo(first.path("access_token").asText());
		assertThat(refreshed.path("patient").asText()).isEqualTo(PATIENT_ID);
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("patient")).isEqualTo(PATIENT_ID);
		assertThat(getWith(token, "Patient/" + PATIENT_ID).statusCode()).isEqualTo(200);
		assertThat(getWith(token, "Patient/" + OTHER_PATIENT).statusCode()).isEqualTo(403);

		JsonNode reused = TestTokens.tokenResponse(root(), app, secret,
				BrowserSession.form(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken)));
		assertThat(reused.path("error").asText()).as("refresh tokens are used once").isEqualTo("invalid_grant");
	}

	@Test
	void aPractitionerChoosesThePatientInTheStandalonePicker() throws Exception {
		BrowserSession browser = new BrowserSession(root());
		HttpResponse<String> picker = browser.browse(browser.authorizeUrl(APP, REDIRECT,
				"launch/patient patient/Observation.rs", Map.of()), DOCTOR, DOCTOR_PASSWORD, REDIRECT);
		assertThat(picker.statusCode()).isEqualTo(200);
		assertThat(picker.body()).contains("<html lang=", "Search by name");
		picker = browser.get(picker.uri() + "&name=Annensen");
		assertThat(picker.body()).contains("Annensen").doesNotContain("Pasientsen");
		HttpResponse<String> chosen = browser.post(picker.uri().getPath(), Map.of(
				"continue", List.of(BrowserSession.hiddenField(picker.body(), "continue")),
				"patient", List.of(OTHER_PATIENT),
				"_csrf", List.of(BrowserSession.hiddenField(picker.body(), "_csrf"))));
		HttpResponse<String> consent = browser.browse(chosen.headers().firstValue("Location").orElseThrow(), DOCTOR,
				DOCTOR_PASSWORD, REDIRECT);
		JsonNode tokens = exchange(browser, browser.approve(consent));
		assertThat(tokens.path("patient").asText()).isEqualTo(OTHER_PATIENT);
		String token = tokens.path("access_token").asText();
		HttpResponse<String> observations = getWith(token, "Observation");
		assertThat(observations.statusCode()).isEqualTo(200);
		assertThat(observations.body()).contains("it-lab-" + OTHER_PATIENT).doesNotContain("Patient/" + PATIENT_ID + "\"");
	}

	@Test
	void ehrLaunchCarriesThePatientAndEncounterChosenInTheEhr() throws Exception {
		JsonNode doctor = standaloneLaunch(DOCTOR, DOCTOR_PASSWORD, "openid fhirUser user/*.cruds", null);
		String ehrToken = doctor.path("access_token").asText();
		assertThat(SignedJWT.parse(doctor.path("id_token").asText()).getJWTClaimsSet().getStringClaim("fhirUser"))
				.isEqualTo(base() + "/" + SecurityFixtures.DOCTOR_RESOURCE);
		HttpResponse<String> launch = send(HttpRequest.newBuilder(URI.create(root() + "/smart/launch"))
				.header("Authorization", "Bearer " + ehrToken).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"patient\":\"" + PATIENT_ID + "\",\"encounter\":\"it-kontakt\"}")));
		assertThat(launch.statusCode()).isEqualTo(201);
		String launchValue = JSON.readTree(launch.body()).path("launch").asText();

		JsonNode app = standaloneLaunch(DOCTOR, DOCTOR_PASSWORD, "launch patient/*.rs", launchValue);
		assertThat(app.path("patient").asText()).isEqualTo(PATIENT_ID);
		assertThat(app.path("encounter").asText()).isEqualTo("it-kontakt");
		assertThat(app.path("need_patient_banner").asBoolean(true)).as("the EHR shows the patient").isFalse();
		assertThat(getWith(app.path("access_token").asText(), "Encounter/it-kontakt").statusCode()).isEqualTo(200);
		assertCannotReachOtherPatient(app.path("access_token").asText());

		HttpResponse<String> unknown = new BrowserSession(root()).get(new BrowserSession(root()).authorizeUrl(APP, REDIRECT,
				"launch patient/*.rs", Map.of("launch", "no-such-launch")));
		assertThat(unknown.statusCode()).isIn(302, 400);
	}

	@Test
	void authorizationRequestsMayBePosted() throws Exception {
		BrowserSession browser = new BrowserSession(root());
		URI authorize = URI.create(browser.authorizeUrl(APP, REDIRECT, "launch/patient patient/*.rs", Map.of()));
		Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
		for (String pair : authorize.getRawQuery().split("&")) {
			String[] parts = pair.split("=", 2);
			fields.put(parts[0], List.of(java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8)));
		}
		HttpResponse<String> posted = browser.post("/oauth2/authorize", fields);
		assertThat(posted.statusCode()).as("not logged in yet: the same request as a GET").isEqualTo(303);
		HttpResponse<String> consent = browser.browse(posted.headers().firstValue("Location").orElseThrow(),
				PATIENT_USER, PATIENT_PASSWORD, REDIRECT);
		JsonNode tokens = consent.statusCode() == 200 ? exchange(browser, browser.approve(consent)) : exchange(browser, consent);
		assertThat(tokens.path("patient").asText()).as(tokens.toString()).isEqualTo(PATIENT_ID);
	}

	@Test
	void authorizationRequestsWithoutPkceOrForAnotherServerAreRefused() {
		BrowserSession browser = new BrowserSession(root());
		String withoutPkce = browser.authorizeUrl(APP, REDIRECT, "patient/*.rs", Map.of())
				.replaceAll("&code_challenge=[^&]*", "").replaceAll("&code_challenge_method=S256", "");
		HttpResponse<String> noPkce = browser.browse(withoutPkce, PATIENT_USER, PATIENT_PASSWORD, REDIRECT);
		assertThat(noPkce.headers().firstValue("Location").orElse("")).startsWith(REDIRECT).contains("error=invalid_request");

		String otherAudience = browser.authorizeUrl(APP, REDIRECT, "patient/*.rs", Map.of())
				.replaceAll("&aud=[^&]*", "&aud=https%3A%2F%2Fother.example%2Ffhir");
		HttpResponse<String> wrongAud = browser.browse(otherAudience, PATIENT_USER, PATIENT_PASSWORD, REDIRECT);
		assertThat(wrongAud.headers().firstValue("Location").orElse("")).startsWith(REDIRECT).contains("error=invalid_request");

		HttpResponse<String> tooMuch = browser.browse(browser.authorizeUrl(APP, REDIRECT, "system/*.cruds", Map.of()),
				PATIENT_USER, PATIENT_PASSWORD, REDIRECT);
		assertThat(tooMuch.headers().firstValue("Location").orElse("")).startsWith(REDIRECT).contains("error=invalid_scope");

		HttpResponse<String> patientAsPersonnel = browser.browse(browser.authorizeUrl(APP, REDIRECT, "user/*.rs", Map.of()),
				PATIENT_USER, PATIENT_PASSWORD, REDIRECT);
		assertThat(patientAsPersonnel.headers().firstValue("Location").orElse("")).as("a patient asking for user/ scopes")
				.startsWith(REDIRECT).contains("error=invalid_scope");
	}

	// ---- helpers

	/** Every search form a patient-scoped app could try against another patient's data. */
	private void assertCannotReachOtherPatient(String token) throws Exception {
		assertThat(getWith(token, "Patient/" + OTHER_PATIENT).statusCode()).isEqualTo(403);
		assertThat(getWith(token, "Observation/it-lab-" + OTHER_PATIENT).statusCode()).isEqualTo(403);
		assertThat(getWith(token, "Patient/" + OTHER_PATIENT + "/$everything").statusCode()).isEqualTo(403);
		assertThat(getWith(token, "Patient/" + OTHER_PATIENT + "/_history").statusCode()).isEqualTo(403);
		assertThat(getWith(token, "Observation?subject=Patient/" + OTHER_PATIENT).statusCode()).isEqualTo(403);
		for (String search : List.of("Observation", "Observation?_summary=count", "Observation?category=laboratory",
				"Observation?_include=Observation:subject", "Patient?_revinclude=Observation:subject",
				"Observation?subject.name=Annensen", "Patient?_has:Observation:subject:category=laboratory",
				"Patient?name=Annensen", "Observation?_total=accurate", "Patient/" + PATIENT_ID + "/$everything")) {
			HttpResponse<String> response = getWith(token, search);
			assertThat(response.statusCode()).as(search).isIn(200, 403);
			if (response.statusCode() == 200) {
				JsonNode bundle = JSON.readTree(response.body());
				// the entries, not the self link, which repeats the query
				assertThat(bundle.path("entry").toString()).as(search).doesNotContain(OTHER_PATIENT).doesNotContain("Annensen");
			}
			if (response.statusCode() == 200 && search.startsWith("Observation")) {
				JsonNode bundle = JSON.readTree(response.body());
				assertThat(bundle.path("total").asInt(-1)).as(search + " counts").isLessThanOrEqualTo(countOwnObservations());
			}
		}
	}

	private int countOwnObservations() {
		return client.search().forResource(Observation.class).where(Observation.SUBJECT.hasId("Patient/" + PATIENT_ID))
				.returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute().getTotal();
	}

	private JsonNode standaloneLaunch(String user, String password, String scope, String launch) {
		return BrowserSession.authorize(root(), APP, REDIRECT, user, password, scope, launch);
	}

	private JsonNode exchange(BrowserSession browser, HttpResponse<String> redirectToApp) {
		return browser.exchange(APP, REDIRECT, redirectToApp);
	}

	private JsonNode backendToken(String clientId, String assertion, String scope) {
		return TestTokens.tokenResponse(root(), clientId, null, BrowserSession.form(Map.of(
				"grant_type", "client_credentials", "scope", scope,
				"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
				"client_assertion", assertion)));
	}

	private String assertion(String clientId, int lifetimeSeconds) throws JOSEException {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
				.audience(root() + "/oauth2/token").expirationTime(Date.from(Instant.now().plusSeconds(lifetimeSeconds)))
				.jwtID(UUID.randomUUID().toString()).build();
		return clientId.equals(SecurityFixtures.EC_BACKEND)
				? signEc(claims)
				: sign(SecurityFixtures.RSA_KEY, null, claims, JWSAlgorithm.RS384);
	}

	private static String signEc(JWTClaimsSet claims) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(SecurityFixtures.EC_KEY.getKeyID())
				.build(), claims);
		jwt.sign(new ECDSASigner(SecurityFixtures.EC_KEY));
		return jwt.serialize();
	}

	private static JWTClaimsSet.Builder claims(String issuer, String audience) {
		return new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("someone")
				.claim("scope", "user/*.cruds").issueTime(new Date())
				.expirationTime(Date.from(Instant.now().plusSeconds(300))).jwtID(UUID.randomUUID().toString());
	}

	private static String sign(RSAKey key, String type, JWTClaimsSet claims) throws JOSEException {
		return sign(key, type, claims, JWSAlgorithm.RS256);
	}

	private static String sign(RSAKey key, String type, JWTClaimsSet claims, JWSAlgorithm algorithm) throws JOSEException {
		JWSHeader.Builder header = new JWSHeader.Builder(algorithm).keyID(key.getKeyID());
		if (type != null) {
			header.type(new JOSEObjectType(type));
		}
		SignedJWT jwt = new SignedJWT(header.build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private void assertRefused(String token, String what, String reason) {
		HttpResponse<String> response = getWith(token, "Patient/" + PATIENT_ID);
		assertThat(response.statusCode()).as(what).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).as(what).contains("invalid_token", reason);
		assertThat(response.body()).as(what).contains("OperationOutcome");
	}

	private HttpResponse<String> getWith(String token, String pathAndQuery) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/" + pathAndQuery.replace("|", "%7C")))
				.header("Authorization", "Bearer " + token).GET());
	}

	private HttpResponse<String> registerClient(String token, String json) {
		return send(HttpRequest.newBuilder(URI.create(root() + "/admin/clients"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private JsonNode introspect(String token) throws Exception {
		return JSON.readTree(formPost("/oauth2/introspect", "token=" + token).body());
	}

	private HttpResponse<String> formPost(String path, String form) {
		return send(HttpRequest.newBuilder(URI.create(root() + path))
				.header("Authorization", TestTokens.basic(TestTokens.CLIENT_ID, TestTokens.SECRET))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

}
