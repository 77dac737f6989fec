package no.fjord.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;

/**
 * The people and apps the security tests act as, registered through configuration of the shared test
 * server: a doctor and a patient of the built-in user list, a public SMART app (PKCE), and two Backend
 * Services clients authenticating with signed JWTs, one with an RS384 and one with an ES384 key (key
 * pairs made for this test run; only the public halves are registered).
 */
final class SecurityFixtures {

	static final String DOCTOR = "lege";
	static final String DOCTOR_PASSWORD = "lege-passord";
	static final String DOCTOR_RESOURCE = "Practitioner/it-lege";
	/** A second doctor, whom patients of the launch tests block (so the first stays unblocked for the others). */
	static final String LAUNCH_BLOCKED_DOCTOR = "sperret-lege";
	static final String LAUNCH_BLOCKED_DOCTOR_PASSWORD = "sperret-lege-passord";
	static final String LAUNCH_BLOCKED_DOCTOR_ID = "it-sperret-lege";
	/** A doctor of the built-in list whom a patient blocks (ConsentIT); no other test logs in as them. */
	static final String BLOCKED_DOCTOR = "lege-sperret";
	static final String BLOCKED_DOCTOR_PASSWORD = "lege-sperret-passord";
	static final String BLOCKED_DOCTOR_RESOURCE = "Practitioner/it-lege-sperret";
	static final String PATIENT_USER = "pasient";
	static final String PATIENT_PASSWORD = "pasient-passord";
	static final String PATIENT_ID = "it-pasient";
	static final String APP = "it-app";
	static final String REDIRECT = "http://127.0.0.1:9/callback";
	/** The fhirclient test app's page; any port, as loopback redirect URIs allow (RFC 8252). */
	static final String E2E_REDIRECT = "http://127.0.0.1/index.html";
	static final String APP_SCOPES = "openid fhirUser launch launch/patient offline_access patient/*.cruds user/*.cruds";
	/** A web app with a server side (confidential-symmetric), which gets refresh tokens. */
	static final String CONFIDENTIAL_APP = "it-confidential-app";
	static final String CONFIDENTIAL_APP_SECRET = "it-confidential-secret";
	static final String RSA_BACKEND = "it-backend-rs384";
	/** The upstream OpenID Connect provider health personnel log in with (a stand-in for HelseID). */
	static final String UPSTREAM = "test-helseid";
	/** The same provider, Fjord authenticating to it with private_key_jwt as HelseID requires. */
	static final String UPSTREAM_JWT = "test-helseid-jwt";
	static final String DOCTOR_HPR = "565501872";
	static final String EC_BACKEND = "it-backend-es384";
	static final String BACKEND_SCOPES = "system/*.rs system/Observation.cruds";

	static final String OTHER_PATIENT = "it-annen";

	static final RSAKey RSA_KEY = rsa(JWSAlgorithm.RS384);
	static final ECKey EC_KEY = ec();
	/** The key of a stand-in for an external issuer such as HelseID, published on a loopback JWKS endpoint. */
	static final RSAKey ISSUER_KEY = rsa(JWSAlgorithm.RS256);
	static final String EXTERNAL_ISSUER = "https://helseid-sts.test.example";
	static final String EXTERNAL_AUDIENCE = "nhn:fjord";
	private static HttpServer jwksServer;

	private SecurityFixtures() {}

	static Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		user(properties, 0, DOCTOR, DOCTOR_PASSWORD, DOCTOR_RESOURCE);
		user(properties, 1, PATIENT_USER, PATIENT_PASSWORD, "Patient/" + PATIENT_ID);
		user(properties, 2, BLOCKED_DOCTOR, BLOCKED_DOCTOR_PASSWORD, BLOCKED_DOCTOR_RESOURCE);
		user(properties, 3, LAUNCH_BLOCKED_DOCTOR, LAUNCH_BLOCKED_DOCTOR_PASSWORD, "Practitioner/" + LAUNCH_BLOCKED_DOCTOR_ID);
		properties.put("fjord.auth.clients[1].client-id", APP);
		properties.put("fjord.auth.clients[1].scopes", APP_SCOPES.replace(' ', ','));
		properties.put("fjord.auth.clients[1].redirect-uris", REDIRECT + "," + E2E_REDIRECT);
		properties.put("fjord.auth.clients[1].grant-types", "authorization_code,refresh_token");
		properties.put("fjord.auth.clients[4].client-id", CONFIDENTIAL_APP);
		properties.put("fjord.auth.clients[4].secret", "{noop}" + CONFIDENTIAL_APP_SECRET);
		properties.put("fjord.auth.clients[4].scopes", "openid,fhirUser,launch/patient,offline_access,patient/*.rs");
		properties.put("fjord.auth.clients[4].redirect-uris", REDIRECT);
		properties.put("fjord.auth.clients[4].grant-types", "authorization_code,refresh_token");
		backend(properties, 2, RSA_BACKEND, new JWKSet(RSA_KEY.toPublicJWK()));
		backend(properties, 3, EC_BACKEND, new JWKSet(EC_KEY.toPublicJWK()));
		properties.put("fjord.auth.external-issuers[0].issuer", EXTERNAL_ISSUER);
		properties.put("fjord.auth.external-issuers[0].jwk-set-uri", jwksUrl());
		properties.put("fjord.auth.external-issuers[0].audiences", EXTERNAL_AUDIENCE);
		properties.put("fjord.auth.external-issuers[0].token-types", "at+jwt");
		properties.put("fjord.auth.login-providers[0].id", UPSTREAM);
		properties.put("fjord.auth.login-providers[0].name", "HelseID (test)");
		properties.put("fjord.auth.login-providers[0].issuer", FakeOidcProvider.issuer());
		properties.put("fjord.auth.login-providers[0].client-id", FakeOidcProvider.CLIENT_ID);
		properties.put("fjord.auth.login-providers[0].client-secret", FakeOidcProvider.CLIENT_SECRET);
		properties.put("fjord.auth.login-providers[0].people", "PRACTITIONER");
		properties.put("fjord.auth.login-providers[1].id", UPSTREAM_JWT);
		properties.put("fjord.auth.login-providers[1].issuer", FakeOidcProvider.issuer());
		properties.put("fjord.auth.login-providers[1].client-id", FakeOidcProvider.JWT_CLIENT_ID);
		properties.put("fjord.auth.login-providers[1].client-private-key", FakeOidcProvider.JWT_CLIENT_KEY.toJSONString());
		return properties;
	}

	private static void user(Map<String, String> properties, int index, String name, String password, String resource) {
		properties.put("fjord.auth.users[" + index + "].username", name);
		properties.put("fjord.auth.users[" + index + "].password", "{noop}" + password);
		properties.put("fjord.auth.users[" + index + "].fhir-user", resource);
		properties.put("fjord.auth.users[" + index + "].name", name);
	}

	private static void backend(Map<String, String> properties, int index, String clientId, JWKSet keys) {
		properties.put("fjord.auth.clients[" + index + "].client-id", clientId);
		properties.put("fjord.auth.clients[" + index + "].jwks", keys.toString());
		properties.put("fjord.auth.clients[" + index + "].scopes", BACKEND_SCOPES.replace(' ', ','));
		properties.put("fjord.auth.clients[" + index + "].grant-types", "client_credentials");
	}

	private static synchronized String jwksUrl() {
		if (jwksServer == null) {
			try {
				jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			} catch (IOException e) {
				throw new IllegalStateException(e);
			}
			byte[] body = new JWKSet(ISSUER_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			jwksServer.createContext("/jwks", exchange -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			jwksServer.start();
		}
		return "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks";
	}

	private static RSAKey rsa(JWSAlgorithm algorithm) {
		try {
			return new RSAKeyGenerator(2048).keyID(java.util.UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
					.algorithm(algorithm).generate();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	private static ECKey ec() {
		try {
			return new ECKeyGenerator(Curve.P_384).keyID("it-ec").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES384).generate();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	static List<String> scopes(String scopes) {
		return List.of(scopes.split(" "));
	}

	/** The records the security tests read: two patients, a doctor, an encounter, lab and vital-sign observations. */
	static void storeRecords(IGenericClient client) {
		client.update().resource(patient(PATIENT_ID, "Pasientsen")).execute();
		client.update().resource(patient(OTHER_PATIENT, "Annensen")).execute();
		Practitioner doctor = new Practitioner();
		doctor.setId("it-lege");
		doctor.addName().setFamily("Legesen");
		doctor.addIdentifier().setSystem("urn:oid:2.16.578.1.12.4.1.4.4").setValue(DOCTOR_HPR);
		client.update().resource(doctor).execute();
		Encounter encounter = new Encounter();
		encounter.setId("it-kontakt");
		encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
		encounter.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
		encounter.setSubject(new Reference("Patient/" + PATIENT_ID));
		client.update().resource(encounter).execute();
		for (String patient : List.of(PATIENT_ID, OTHER_PATIENT)) {
			client.update().resource(observation("it-vital-" + patient, patient, "vital-signs")).execute();
			client.update().resource(observation("it-lab-" + patient, patient, "laboratory")).execute();
		}
	}

	static Patient patient(String id, String family) {
		Patient patient = new Patient();
		patient.setId(id);
		patient.addName().setFamily(family).addGiven("Test");
		return patient;
	}

	static Observation observation(String id, String patient, String category) {
		Observation observation = new Observation();
		if (id != null) {
			observation.setId(id);
		}
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
				.setCode(category);
		observation.getCode().addCoding().setSystem("http://loinc.org").setCode(category.equals("laboratory") ? "2345-7" : "8867-4");
		observation.setSubject(new Reference("Patient/" + patient));
		return observation;
	}

	/** A doctor, Kari Lege (qualification "Lege"), with an HPR number of their own. */
	static Practitioner practitioner(String id) {
		Practitioner practitioner = new Practitioner();
		practitioner.setId(id);
		practitioner.addName().setFamily("Lege").addGiven("Kari");
		practitioner.addIdentifier().setSystem("urn:oid:2.16.578.1.12.4.1.4.4")
				.setValue(String.valueOf(Math.abs(id.hashCode() % 90_000_000) + 10_000_000));
		practitioner.addQualification().getCode().setText("Lege");
		return practitioner;
	}

	/** A patient's blocking (sperring) as Fjord's blocking profile wants it; {@code id} may be null for a create. */
	static Consent blocking(String id, String patient, Consent.ProvisionComponent deny) {
		Consent consent = new Consent();
		if (id != null) {
			consent.setId(id);
		}
		consent.getMeta().addProfile("https://fjord-fhir.no/fhir/StructureDefinition/fjord-blocking-consent");
		consent.setStatus(Consent.ConsentState.ACTIVE);
		consent.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope").setCode("patient-privacy");
		consent.addCategory().addCoding().setSystem("https://fjord-fhir.no/fhir/CodeSystem/fjord-consent-category")
				.setCode("sperring");
		consent.getCategoryFirstRep().addCoding().setSystem("http://loinc.org").setCode("59284-0");
		consent.setPatient(new Reference("Patient/" + patient));
		consent.setDateTimeElement(new DateTimeType("2026-11-01T10:00:00+01:00"));
		consent.addPolicy().setUri("https://lovdata.no/lov/2014-06-20-42");
		consent.setProvision(deny);
		return consent;
	}

	/** A deny provision naming one actor as information recipient. */
	static Consent.ProvisionComponent deny(String actor) {
		Consent.ProvisionComponent provision = new Consent.ProvisionComponent();
		provision.setType(Consent.ConsentProvisionType.DENY);
		provision.addActor().setReference(new Reference(actor)).getRole().addCoding()
				.setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType").setCode("IRCP");
		return provision;
	}
}
