package no.fjord.it;

import static no.fjord.it.SecurityFixtures.APP;
import static no.fjord.it.SecurityFixtures.LAUNCH_BLOCKED_DOCTOR;
import static no.fjord.it.SecurityFixtures.LAUNCH_BLOCKED_DOCTOR_ID;
import static no.fjord.it.SecurityFixtures.LAUNCH_BLOCKED_DOCTOR_PASSWORD;
import static no.fjord.it.SecurityFixtures.OTHER_PATIENT;
import static no.fjord.it.SecurityFixtures.PATIENT_ID;
import static no.fjord.it.SecurityFixtures.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Side channels through which a token could learn about data outside its scopes (issue #12): match URLs of
 * conditional writes and inline references, Bulk Data export levels, type-level history, the launch pages
 * and the session cookie, and the generated OpenAPI document.
 */
class ScopeLeaksIT extends FjordServerIT {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final String SYSTEM = "https://fjord-it.example/observation";
	private final String run = UUID.randomUUID().toString().substring(0, 8);
	/** Identifier of another patient's vital signs, which the tokens below must never find. */
	private String othersIdentifier;
	private String othersObservation;

	@BeforeEach
	void records() {
		SecurityFixtures.storeRecords(client);
		othersIdentifier = "annen-" + run;
		Observation others = SecurityFixtures.observation("it-leak-" + run, OTHER_PATIENT, "vital-signs");
		others.addIdentifier().setSystem(SYSTEM).setValue(othersIdentifier);
		client.update().resource(others).execute();
		othersObservation = "it-leak-" + run;
	}

	// ---- 1: conditional create, update, delete

	@Test
	void aConditionalCreateOfAPatientTokenNeverFindsAnotherPatientsResource() {
		String token = ExternalTokens.patient(PATIENT_ID, "patient/Observation.c");

		HttpResponse<String> create = conditionalCreate(token, ownObservation(othersIdentifier), othersIdentifier);

		assertThat(create.statusCode()).as("created anew, as if nothing matched: " + create.body()).isEqualTo(201);
		assertThat(create.body()).doesNotContain(othersObservation).doesNotContain(OTHER_PATIENT);
		assertThat(create.headers().firstValue("Location").orElse("")).doesNotContain(othersObservation);
	}

	@Test
	void conditionalUpdateAndDeleteOfAPatientTokenAnswerAsIfNothingMatched() {
		String writer = ExternalTokens.patient(PATIENT_ID, "patient/Observation.cu");
		HttpResponse<String> update = send(HttpRequest.newBuilder(URI.create(base() + "/Observation?identifier="
						+ SYSTEM + "%7C" + othersIdentifier))
				.header("Authorization", "Bearer " + writer).header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(json(ownObservation(othersIdentifier)))));
		assertThat(update.statusCode()).as("a new resource of the patient, not 403: " + update.body()).isEqualTo(201);

		String deleter = ExternalTokens.patient(PATIENT_ID, "patient/Observation.d");
		HttpResponse<String> delete = conditionalDelete(deleter, othersIdentifier);
		HttpResponse<String> deleteNothing = conditionalDelete(deleter, "nobody-" + run);
		assertThat(delete.statusCode()).as(delete.body()).isEqualTo(deleteNothing.statusCode()).isLessThan(300);
		assertThat(get("Observation/" + othersObservation).statusCode()).as("still there").isEqualTo(200);
	}

	@Test
	void conditionalEntriesOfATransactionNeverFindAnotherPatientsResource() throws Exception {
		String token = ExternalTokens.patient(PATIENT_ID, "patient/Observation.cru");
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(ownObservation(othersIdentifier)).getRequest()
				.setMethod(HTTPVerb.POST).setUrl("Observation").setIfNoneExist("identifier=" + SYSTEM + "|" + othersIdentifier);

		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base()))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.header("Prefer", "return=representation").POST(HttpRequest.BodyPublishers.ofString(json(transaction))));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).path("entry").get(0).path("response").path("status").asText())
				.startsWith("201");
		assertThat(response.body()).doesNotContain(othersObservation).doesNotContain(OTHER_PATIENT);
	}

	@Test
	void queryRestrictedTokensCannotUseConditionalWritesTheyCouldLearnFrom() {
		String token = ExternalTokens.personnel("it-lege", "user/Observation.cruds?category=laboratory");

		HttpResponse<String> create = conditionalCreate(token, SecurityFixtures.observation(null, PATIENT_ID, "laboratory"),
				othersIdentifier);

		assertThat(create.statusCode()).as(create.body()).isEqualTo(403);
		assertThat(create.body()).contains("OperationOutcome").doesNotContain(othersObservation);
		assertThat(conditionalDelete(token, othersIdentifier).statusCode()).isEqualTo(403);
	}

	@Test
	void systemTokensKeepConditionalWritesAndReferencesBySearch() throws Exception {
		HttpResponse<String> found = conditionalCreate(token(), ownObservation(othersIdentifier), othersIdentifier);
		assertThat(found.statusCode()).as("the existing one, as FHIR says").isEqualTo(200);
		assertThat(found.body()).contains(othersObservation);

		String fnr = "it-" + run;
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Patient patient = SecurityFixtures.patient(null, "Betingetsen");
		patient.addIdentifier().setSystem("https://fjord-it.example/person").setValue(fnr);
		transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(patient).getRequest()
				.setMethod(HTTPVerb.POST).setUrl("Patient").setIfNoneExist("identifier=https://fjord-it.example/person|" + fnr);
		Observation observation = SecurityFixtures.observation(null, PATIENT_ID, "vital-signs");
		observation.setSubject(new Reference("Patient?identifier=https://fjord-it.example/person|" + fnr));
		transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(observation).getRequest()
				.setMethod(HTTPVerb.POST).setUrl("Observation");

		HttpResponse<String> response = post("", "application/fhir+json", json(transaction));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String patientLocation = JSON.readTree(response.body()).path("entry").get(0).path("response").path("location").asText();
		Bundle stored = client.search().byUrl("Observation?subject.identifier=https://fjord-it.example/person|" + fnr)
				.returnBundle(Bundle.class).execute();
		assertThat(stored.getEntry()).hasSize(1);
		assertThat(patientLocation).startsWith(((Observation) stored.getEntryFirstRep().getResource()).getSubject().getReference());
	}

	// ---- 5: inline match URLs in references

	@Test
	void referencesBySearchCannotRevealAnotherPatientsResources() {
		String token = ExternalTokens.patient(PATIENT_ID, "patient/Observation.crs");
		for (String identifier : List.of(othersIdentifier, "nobody-" + run)) {
			Observation derived = ownObservation();
			derived.addDerivedFrom(new Reference("Observation?subject=Patient/" + OTHER_PATIENT + "&identifier="
					+ SYSTEM + "|" + identifier));
			HttpResponse<String> create = send(HttpRequest.newBuilder(URI.create(base() + "/Observation"))
					.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofString(json(derived))));
			assertThat(create.statusCode()).as(identifier + ": " + create.body()).isEqualTo(403);
			assertThat(create.body()).contains("OperationOutcome").doesNotContain(othersObservation);
		}
	}

	// ---- 6: Bulk Data export levels

	@Test
	void patientTokensExportOnlyTheirOwnRecord() {
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.addMember().setEntity(new Reference("Patient/" + OTHER_PATIENT));
		String groupId = client.create().resource(group).execute().getId().getIdPart();
		String token = ExternalTokens.patient(PATIENT_ID, "patient/*.rs");

		for (String kickOff : List.of("$export", "Patient/$export", "Group/" + groupId + "/$export",
				"Patient/" + OTHER_PATIENT + "/$export", "$export?_type=Observation")) {
			HttpResponse<String> refused = export(token, kickOff);
			assertThat(refused.statusCode()).as(kickOff).isEqualTo(403);
			assertThat(refused.body()).as(kickOff).contains("OperationOutcome");
		}
		assertThat(export(token, "Patient/" + PATIENT_ID + "/$export").statusCode()).isEqualTo(202);
	}

	// ---- 8b: type-level history

	@Test
	void historyAcrossAllResourcesOfATypeOnlyForTokensThatReadThemAll() throws Exception {
		for (String token : List.of(ExternalTokens.patient(PATIENT_ID, "patient/*.rs"),
				ExternalTokens.personnel("it-lege", "user/Observation.rs?category=laboratory"))) {
			for (String history : List.of("Observation/_history?_count=0", "Observation/_history", "_history?_count=0")) {
				HttpResponse<String> response = getWith(token, history);
				assertThat(response.statusCode()).as(history).isEqualTo(403);
				assertThat(response.body()).as(history).contains("OperationOutcome").doesNotContain("\"total\"");
			}
		}
		String patientToken = ExternalTokens.patient(PATIENT_ID, "patient/*.rs");
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().getRequest().setMethod(HTTPVerb.GET).setUrl("Observation/_history?_count=0");
		HttpResponse<String> inBatch = send(HttpRequest.newBuilder(URI.create(base()))
				.header("Authorization", "Bearer " + patientToken).header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(json(batch))));
		assertThat(inBatch.statusCode()).as("as a batch entry: " + inBatch.body()).isEqualTo(403);
		assertThat(inBatch.body()).doesNotContain("\"total\"");
		assertThat(getWith(patientToken, "Patient/" + PATIENT_ID + "/_history").statusCode())
				.as("the history of their own Patient resource").isEqualTo(200);
		assertThat(getWith(patientToken, "Observation?_lastUpdated=gt2020-01-01").statusCode()).isEqualTo(200);
		HttpResponse<String> reader = getWith(ExternalTokens.personnel("it-lege", "user/Observation.rs"),
				"Observation/_history?_count=1");
		assertThat(reader.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(reader.body()).path("total").asInt()).isPositive();
	}

	// ---- 8a: the launch pages and a patient who blocked the user

	@Test
	void aPatientWhoBlockedTheUserIsNeitherOfferedNorAcceptedForALaunch() throws Exception {
		String family = TestResources.unique();
		String blocking = "it-sperrer-" + run;
		String control = "it-ikke-sperrer-" + run;
		client.update().resource(SecurityFixtures.practitioner(LAUNCH_BLOCKED_DOCTOR_ID)).execute();
		client.update().resource(SecurityFixtures.patient(blocking, family)).execute();
		client.update().resource(SecurityFixtures.patient(control, family)).execute();
		client.update().resource(SecurityFixtures.blocking("it-sperring-" + run, blocking,
				SecurityFixtures.deny("Practitioner/" + LAUNCH_BLOCKED_DOCTOR_ID))).execute();

		BrowserSession browser = new BrowserSession(root());
		HttpResponse<String> picker = browser.browse(browser.authorizeUrl(APP, REDIRECT,
				"launch/patient patient/Observation.rs", Map.of()), LAUNCH_BLOCKED_DOCTOR, LAUNCH_BLOCKED_DOCTOR_PASSWORD, REDIRECT);
		picker = browser.get(picker.uri() + "&name=" + family);
		assertThat(picker.body()).contains("value=\"" + control + "\"").doesNotContain(blocking);
		HttpResponse<String> chosen = browser.post(picker.uri().getPath(), Map.of(
				"continue", List.of(BrowserSession.hiddenField(picker.body(), "continue")),
				"patient", List.of(blocking),
				"_csrf", List.of(BrowserSession.hiddenField(picker.body(), "_csrf"))));
		assertThat(chosen.statusCode()).isEqualTo(403);

		String ehr = ExternalTokens.personnel(LAUNCH_BLOCKED_DOCTOR_ID, "user/*.rs");
		assertThat(ehrLaunch(ehr, blocking).statusCode()).as("not known, as on a read").isEqualTo(404);
		assertThat(ehrLaunch(ehr, control).statusCode()).isEqualTo(201);
	}

	// ---- 8c, 8d: the OpenAPI document and the session cookie

	@Test
	void noGeneratedApiDocumentIsServed() {
		for (String token : List.of(ExternalTokens.patient(PATIENT_ID, "patient/*.rs"), token())) {
			for (String path : List.of("/v3/api-docs", "/swagger-ui/index.html")) {
				HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(root() + path))
						.header("Authorization", "Bearer " + token).GET());
				assertThat(response.statusCode()).as(path).isEqualTo(404);
				assertThat(response.body()).as(path).doesNotContain("openapi").doesNotContain("/admin/clients");
			}
		}
	}

	@Test
	void theLoginSessionCookieIsLaxHttpOnlyAndSecureBehindHttps() {
		String plain = sessionCookie(HttpRequest.newBuilder(URI.create(root() + "/login")).GET().build());
		assertThat(plain).contains("SameSite=Lax", "HttpOnly").doesNotContain("Secure");

		String behindHttps = sessionCookie(HttpRequest.newBuilder(URI.create(root() + "/login"))
				.header("X-Forwarded-Proto", "https").GET().build());
		assertThat(behindHttps).contains("SameSite=Lax", "HttpOnly", "Secure");
	}

	// ---- helpers

	private String sessionCookie(HttpRequest request) {
		HttpResponse<String> response = sendAsIs(request);
		return response.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith("JSESSIONID="))
				.findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + response.headers().map()));
	}

	private Observation ownObservation(String... identifier) {
		Observation observation = SecurityFixtures.observation(null, PATIENT_ID, "vital-signs");
		for (String value : identifier) {
			observation.addIdentifier().setSystem(SYSTEM).setValue(value);
		}
		return observation;
	}

	private HttpResponse<String> conditionalCreate(String token, Observation body, String identifier) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/Observation"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.header("If-None-Exist", "identifier=" + SYSTEM + "|" + identifier)
				.header("Prefer", "return=representation")
				.POST(HttpRequest.BodyPublishers.ofString(json(body))));
	}

	private HttpResponse<String> conditionalDelete(String token, String identifier) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/Observation?identifier=" + SYSTEM + "%7C" + identifier))
				.header("Authorization", "Bearer " + token).DELETE());
	}

	private HttpResponse<String> export(String token, String kickOff) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/" + kickOff)).header("Authorization", "Bearer " + token)
				.header("Prefer", "respond-async").header("Accept", "application/fhir+json").GET());
	}

	private HttpResponse<String> ehrLaunch(String token, String patient) {
		return send(HttpRequest.newBuilder(URI.create(root() + "/smart/launch"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"patient\":\"" + patient + "\"}")));
	}

	private HttpResponse<String> getWith(String token, String pathAndQuery) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/" + pathAndQuery)).header("Authorization", "Bearer " + token).GET());
	}

	private static String json(org.hl7.fhir.instance.model.api.IBaseResource resource) {
		return FHIR.newJsonParser().encodeResourceToString(resource);
	}
}
