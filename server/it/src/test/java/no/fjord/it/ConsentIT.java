package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Patients' blockings (sperring) over HTTP with real tokens: health personnel tokens come from the test's
 * external issuer (as HelseID would issue them), so each test chooses the person, HPR number,
 * organisation and scopes. The blocked record belongs to a patient made for this class.
 */
class ConsentIT extends FjordServerIT {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
	private static final String PATIENT = "sperret-" + RUN;
	private static final String OTHER = "fri-" + RUN;
	private static final String BLOCKED = "lege-sperret-" + RUN;
	private static final String IN_EMERGENCY = "lege-akutt-" + RUN;
	private static final String COLLEAGUE = "lege-fri-" + RUN;
	private static final String CARDIOLOGIST = "lege-kardio-" + RUN;
	private static final String EXEMPT = "lege-unntatt-" + RUN;
	private static final String TEAM_MEMBER = "lege-team-" + RUN;
	private static final String EXPIRED = "lege-utlopt-" + RUN;
	private static final String CARDIOLOGY = "kardio-" + RUN;
	private static final String CARDIOLOGY_ORGNR = "983654363";
	private static final String RECENT = "obs-2025-" + RUN;
	private static final String OLD = "obs-2020-" + RUN;
	private static final String ENCOUNTER = "kontakt-" + RUN;
	private static final String OTHER_OBSERVATION = "obs-fri-" + RUN;
	private static final String PROTECTED = "skjermet-" + RUN;

	private static final Coding PSY = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY", null);

	private static boolean stored;

	@BeforeEach
	void storeRecordAndBlockingsOnce() {
		if (stored) {
			return;
		}
		stored = true;
		IGenericClient admin = client;
		admin.update().resource(SecurityFixtures.patient(PATIENT, "Sperresen")).execute();
		admin.update().resource(SecurityFixtures.patient(OTHER, "Frisen")).execute();
		Organization cardiology = new Organization();
		cardiology.setId(CARDIOLOGY);
		cardiology.setName("Vestfjord sykehus, kardiologisk avdeling");
		cardiology.addIdentifier().setSystem("urn:oid:2.16.578.1.12.4.1.4.101").setValue(CARDIOLOGY_ORGNR);
		admin.update().resource(cardiology).execute();
		for (String doctor : new String[] {BLOCKED, IN_EMERGENCY, COLLEAGUE, CARDIOLOGIST, EXEMPT, TEAM_MEMBER, EXPIRED}) {
			admin.update().resource(SecurityFixtures.practitioner(doctor)).execute();
		}
		for (String doctor : new String[] {CARDIOLOGIST, EXEMPT}) {
			PractitionerRole role = new PractitionerRole();
			role.setId("rolle-" + doctor);
			role.setPractitioner(new Reference("Practitioner/" + doctor));
			role.setOrganization(new Reference("Organization/" + CARDIOLOGY));
			admin.update().resource(role).execute();
		}
		CareTeam team = new CareTeam();
		team.setId("team-" + RUN);
		team.addParticipant().setMember(new Reference("Practitioner/" + TEAM_MEMBER));
		admin.update().resource(team).execute();

		Encounter encounter = new Encounter();
		encounter.setId(ENCOUNTER);
		encounter.setStatus(Encounter.EncounterStatus.FINISHED);
		encounter.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
		encounter.setSubject(new Reference("Patient/" + PATIENT));
		encounter.setPeriod(new Period().setStartElement(new DateTimeType("2025-03-01T10:00:00Z")));
		admin.update().resource(encounter).execute();
		Observation recent = SecurityFixtures.observation(RECENT, PATIENT, "vital-signs");
		recent.setEffective(new DateTimeType("2025-03-01T10:00:00Z"));
		recent.setEncounter(new Reference("Encounter/" + ENCOUNTER));
		admin.update().resource(recent).execute();
		Observation old = SecurityFixtures.observation(OLD, PATIENT, "vital-signs");
		old.setEffective(new DateTimeType("2020-05-01T10:00:00Z"));
		admin.update().resource(old).execute();
		admin.update().resource(SecurityFixtures.observation(OTHER_OBSERVATION, OTHER, "vital-signs")).execute();

		admin.update().resource(SecurityFixtures.blocking("sperr-person-" + RUN, PATIENT,
				SecurityFixtures.deny("Practitioner/" + BLOCKED))).execute();
		admin.update().resource(SecurityFixtures.blocking("sperr-akutt-" + RUN, PATIENT,
				SecurityFixtures.deny("Practitioner/" + IN_EMERGENCY))).execute();
		Consent.ProvisionComponent department = SecurityFixtures.deny("Organization/" + CARDIOLOGY);
		Consent.provisionActorComponent exempt = department.addProvision().setType(Consent.ConsentProvisionType.PERMIT)
				.addActor().setReference(new Reference("Practitioner/" + EXEMPT));
		exempt.getRole().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType").setCode("IRCP");
		admin.update().resource(SecurityFixtures.blocking("sperr-avdeling-" + RUN, PATIENT, department)).execute();
		Consent.ProvisionComponent team2025 = SecurityFixtures.deny("CareTeam/team-" + RUN);
		team2025.setDataPeriod(new Period().setStartElement(new DateTimeType("2025-01-01"))
				.setEndElement(new DateTimeType("2025-12-31")));
		admin.update().resource(SecurityFixtures.blocking("sperr-team-" + RUN, PATIENT, team2025)).execute();
		Consent.ProvisionComponent expired = SecurityFixtures.deny("Practitioner/" + EXPIRED);
		expired.setPeriod(new Period().setStartElement(new DateTimeType("2024-01-01"))
				.setEndElement(new DateTimeType("2024-12-31")));
		admin.update().resource(SecurityFixtures.blocking("sperr-utlopt-" + RUN, PATIENT, expired)).execute();
	}

	@Test
	void blockedPractitionerCannotReadTheRecordInAnyWay() {
		String token = personnel(BLOCKED, "user/*.cruds");

		assertThat(get(token, "Patient/" + PATIENT).statusCode()).isEqualTo(404);
		assertThat(get(token, "Observation/" + RECENT).statusCode()).isEqualTo(404);
		assertThat(get(token, "Observation/" + RECENT + "/_history/1").statusCode()).isEqualTo(404);
		assertThat(get(token, "Observation/" + RECENT + "/_history").statusCode()).isIn(200, 404);
		assertThat(get(token, "Observation/" + RECENT + "/_history").body()).doesNotContain(RECENT + "\"");
		assertThat(get(token, "Patient/" + OTHER).statusCode()).as("other patients stay readable").isEqualTo(200);
	}

	@Test
	void blockedPractitionerFindsNothingThroughAnySearchForm() {
		String token = personnel(BLOCKED, "user/*.cruds");

		for (String search : new String[] {
				"Observation?subject=Patient/" + PATIENT,
				"Observation?_id=" + RECENT + "," + OLD,
				"Observation?code=http://loinc.org%7C8867-4&_count=500",
				"Patient?_id=" + PATIENT,
				"Patient?name=Sperresen",
				"Encounter?subject=" + PATIENT + "&_revinclude=Observation:encounter",
				"Observation?_id=" + OTHER_OBSERVATION + "&_include=Observation:subject",
				"Patient?_id=" + OTHER + "," + PATIENT + "&_revinclude=Observation:subject",
				"Observation/_history?_count=500",
				"Patient/" + PATIENT + "/$everything",
				"Observation?_content=Sperresen"}) {
			HttpResponse<String> response = get(token, search);
			String entries = entriesOf(response);
			assertThat(entries).as(search).doesNotContain("Patient/" + PATIENT, RECENT, OLD, ENCOUNTER);
			assertThat(response.body()).as(search + " has no total").doesNotContain("\"total\"");
		}
		assertThat(get(token, "Observation?_id=" + OTHER_OBSERVATION + "&_include=Observation:subject").body())
				.contains(OTHER_OBSERVATION);
		for (String refused : new String[] {
				"Observation?subject=Patient/" + PATIENT + "&_summary=count",
				"Observation?code=8867-4&_total=accurate",
				"Patient?_has:Observation:subject:code=8867-4",
				"Observation?subject.name=Sperresen",
				"Observation?subject:Patient.name=Sperresen"}) {
			HttpResponse<String> response = get(token, refused);
			assertThat(response.statusCode()).as(refused).isEqualTo(400);
			assertThat(response.body()).as(refused).contains("OperationOutcome").doesNotContain(RECENT);

			Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
			batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(refused);
			HttpResponse<String> inBatch = send(HttpRequest.newBuilder(URI.create(base()))
					.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(batch))));
			assertThat(inBatch.statusCode()).as(refused + " in a batch").isEqualTo(400);
		}
	}

	@Test
	void blockedPractitionerCannotChangeOrDeleteWhatIsHiddenFromThem() {
		String token = personnel(BLOCKED, "user/*.cruds");
		Observation changed = SecurityFixtures.observation(OLD, PATIENT, "vital-signs");

		HttpResponse<String> update = send(HttpRequest.newBuilder(URI.create(base() + "/Observation/" + OLD))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(changed))));
		HttpResponse<String> delete = send(HttpRequest.newBuilder(URI.create(base() + "/Consent/sperr-person-" + RUN))
				.header("Authorization", "Bearer " + token).DELETE());

		HttpResponse<String> conditionalCreate = send(HttpRequest.newBuilder(URI.create(base() + "/Observation"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.header("If-None-Exist", "_id=" + OLD)
				.POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(changed))));
		HttpResponse<String> conditionalDelete = send(HttpRequest.newBuilder(URI.create(base() + "/Observation?_id=" + OLD))
				.header("Authorization", "Bearer " + token).DELETE());

		assertThat(update.statusCode()).isEqualTo(404);
		assertThat(delete.statusCode()).isEqualTo(404);
		assertThat(conditionalCreate.statusCode()).as("would tell whether it exists").isEqualTo(400);
		assertThat(conditionalCreate.body()).doesNotContain(OLD);
		assertThat(conditionalDelete.statusCode()).isEqualTo(400);
		assertThat(get(token(), "Consent/sperr-person-" + RUN).statusCode()).as("the blocking is still there").isEqualTo(200);
	}

	@Test
	void blockedPractitionerCannotReferToDataBySearch() {
		String token = personnel(BLOCKED, "user/*.cruds");
		for (String search : List.of("Observation?_id=" + OLD, "Observation?_id=nothing-" + RUN)) {
			Observation derived = SecurityFixtures.observation(null, PATIENT, "vital-signs");
			derived.addDerivedFrom().setReference(search);

			HttpResponse<String> create = send(HttpRequest.newBuilder(URI.create(base() + "/Observation"))
					.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(derived))));

			assertThat(create.statusCode()).as("a match and no match answer alike: " + search).isEqualTo(400);
			assertThat(create.body()).contains("reference by search").doesNotContain(OLD);
		}
	}

	@Test
	void unblockedPractitionerSeesEverythingWithCounts() {
		String token = personnel(COLLEAGUE, "user/*.cruds");

		assertThat(get(token, "Patient/" + PATIENT).statusCode()).isEqualTo(200);
		assertThat(get(token, "Observation/" + RECENT).statusCode()).isEqualTo(200);
		HttpResponse<String> count = get(token, "Observation?subject=Patient/" + PATIENT + "&_summary=count");
		assertThat(count.statusCode()).isEqualTo(200);
		assertThat(FHIR.newJsonParser().parseResource(Bundle.class, count.body()).getTotal()).isEqualTo(2);
	}

	@Test
	void organisationBlockingCoversItsPeopleExceptTheNamedException() {
		assertThat(get(personnel(CARDIOLOGIST, "user/*.cruds"), "Observation/" + RECENT).statusCode())
				.as("a role in the blocked department").isEqualTo(404);
		assertThat(get(personnel(EXEMPT, "user/*.cruds"), "Observation/" + RECENT).statusCode())
				.as("the exception").isEqualTo(200);
		String systemOfTheDepartment = token(null, null, CARDIOLOGY_ORGNR, "system/*.rs");
		assertThat(get(systemOfTheDepartment, "Observation/" + RECENT).statusCode())
				.as("a system acting for the blocked organisation").isEqualTo(404);
	}

	@Test
	void exportLeavesOutWhatTheCallerMayNotSee() {
		String department = token(null, null, CARDIOLOGY_ORGNR, "system/*.rs");
		TestExports exports = new TestExports(base(),
				request -> send(request.header("Authorization", "Bearer " + department)));

		String lines = String.join("\n", exports.export("$export?_type=Patient,Observation,Encounter"));

		assertThat(lines).contains(OTHER_OBSERVATION, "\"id\":\"" + OTHER + "\"")
				.doesNotContain(RECENT, OLD, ENCOUNTER, "\"id\":\"" + PATIENT + "\"");
	}

	@Test
	void expiredBlockingNoLongerApplies() {
		assertThat(get(personnel(EXPIRED, "user/*.cruds"), "Observation/" + RECENT).statusCode()).isEqualTo(200);
	}

	@Test
	void dataPeriodBlockingHidesOnlyDataFromThatPeriod() {
		String token = personnel(TEAM_MEMBER, "user/*.cruds");

		assertThat(get(token, "Observation/" + RECENT).statusCode()).isEqualTo(404);
		assertThat(get(token, "Observation/" + OLD).statusCode()).isEqualTo(200);
		assertThat(get(token, "Encounter/" + ENCOUNTER).statusCode()).isEqualTo(404);
		assertThat(get(token, "Patient/" + PATIENT).statusCode()).as("the patient has no clinical date").isEqualTo(200);
		String search = get(token, "Observation?subject=Patient/" + PATIENT).body();
		assertThat(search).contains(OLD).doesNotContain(RECENT);
	}

	@Test
	void emergencyAccessOverridesABlockingForAWhile() {
		String withoutPermission = personnel(IN_EMERGENCY, "user/*.cruds");
		HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(base() + "/Observation/" + RECENT))
				.header("Authorization", "Bearer " + withoutPermission)
				.header("Fjord-Emergency-Access", "Bevisstløs pasient i akuttmottak").GET());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("OperationOutcome", "Emergency access");

		String permitted = personnel(IN_EMERGENCY, "user/*.cruds fjord.emergency-access");
		HttpResponse<String> blank = send(HttpRequest.newBuilder(URI.create(base() + "/Observation/" + RECENT))
				.header("Authorization", "Bearer " + permitted).header("Fjord-Emergency-Access", " ").GET());
		assertThat(blank.statusCode()).as("a reason is required").isEqualTo(400);

		HttpResponse<String> emergency = send(HttpRequest.newBuilder(URI.create(base() + "/Observation/" + RECENT))
				.header("Authorization", "Bearer " + permitted)
				.header("Fjord-Emergency-Access", "Bevisstløs pasient i akuttmottak").GET());
		assertThat(emergency.statusCode()).isEqualTo(200);
		assertThat(get(permitted, "Patient/" + PATIENT).statusCode()).as("the override holds for a while").isEqualTo(200);
		assertThat(get(personnel(CARDIOLOGIST, "user/*.cruds fjord.emergency-access"), "Observation/" + RECENT)
				.statusCode()).as("only for the one who opened it").isEqualTo(404);
	}

	@Test
	void protectedAddressIsHiddenFromAllButThePersonThemselves() {
		Patient hidden = SecurityFixtures.patient(PROTECTED, "Skjermet");
		hidden.addAddress().setCity("Hemmelighavn").setPostalCode("9999");
		hidden.getMeta().addSecurity().setSystem("https://fjord-fhir.no/fhir/CodeSystem/fjord-address-protection")
				.setCode("strengtFortrolig");
		client.update().resource(hidden).execute();

		String doctor = personnel(COLLEAGUE, "user/*.cruds");
		String read = get(doctor, "Patient/" + PROTECTED).body();
		assertThat(read).doesNotContain("Hemmelighavn").contains("REDACTED", "Skjermet");
		assertThat(get(token(), "Patient/" + PROTECTED).body()).as("system without the scope").doesNotContain("Hemmelighavn");
		assertThat(get(doctor, "Patient?address-city=Hemmelighavn").body()).doesNotContain(PROTECTED);
		assertThat(get(doctor, "Observation?subject.address-city=Hemmelighavn").statusCode()).isEqualTo(400);
		assertThat(get(doctor, "Patient?_has:RelatedPerson:patient:address-city=Hemmelighavn").statusCode())
				.as("nor through a reverse chain").isEqualTo(400);

		String themselves = token("Patient/" + PROTECTED, null, null, "patient/*.rs", PROTECTED);
		assertThat(get(themselves, "Patient/" + PROTECTED).body()).contains("Hemmelighavn");
		String registry = token(null, null, null, "system/*.rs fjord.protected-address");
		assertThat(get(registry, "Patient/" + PROTECTED).body()).contains("Hemmelighavn");
	}

	@Test
	void patientCreatesListsAndRevokesTheirOwnBlocking() {
		String patient = "egen-" + RUN;
		String doctor = "lege-egen-" + RUN;
		client.update().resource(SecurityFixtures.patient(patient, "Egensen")).execute();
		client.update().resource(SecurityFixtures.practitioner(doctor)).execute();
		String patientToken = token("Patient/" + patient, null, null, "patient/Consent.cruds patient/Patient.rs", patient);
		String doctorToken = personnel(doctor, "user/*.rs");
		Consent own = SecurityFixtures.blocking(null, patient, SecurityFixtures.deny("Practitioner/" + doctor));

		HttpResponse<String> created = sendAs(patientToken, "POST", "Consent", own);
		assertThat(created.statusCode()).isEqualTo(201);
		String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/Consent/([^/]+)/.*", "$1");
		assertThat(get(doctorToken, "Patient/" + patient).statusCode()).as("blocked at once").isEqualTo(404);
		assertThat(entriesOf(get(patientToken, "Consent?patient=Patient/" + patient))).contains(id);

		own.setId(id);
		own.setStatus(Consent.ConsentState.INACTIVE);
		assertThat(sendAs(patientToken, "PUT", "Consent/" + id, own).statusCode()).isEqualTo(200);
		assertThat(get(doctorToken, "Patient/" + patient).statusCode()).as("lifted at once").isEqualTo(200);

		Consent forSomeoneElse = SecurityFixtures.blocking(null, PATIENT,
				SecurityFixtures.deny("Practitioner/" + doctor));
		assertThat(sendAs(patientToken, "POST", "Consent", forSomeoneElse).statusCode())
				.as("only for their own record").isEqualTo(403);
	}

	@Test
	void blockingConsentMustClaimTheProfile() {
		Consent unprofiled = SecurityFixtures.blocking("sperr-uten-profil-" + RUN, PATIENT,
				SecurityFixtures.deny("Practitioner/" + COLLEAGUE));
		unprofiled.getMeta().getProfile().clear();

		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/Consent/" + unprofiled.getIdPart()))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(unprofiled))));

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.body()).contains("fjord-blocking-consent");
	}

	@Test
	void aPersonLoggedInWithOnlyUserScopesIsNamedInTheTokenAndBlocked() throws Exception {
		String patient = "sperret-innlogget-" + RUN;
		client.update().resource(SecurityFixtures.patient(patient, "Innloggesen")).execute();
		client.update().resource(SecurityFixtures.practitioner(
				SecurityFixtures.BLOCKED_DOCTOR_RESOURCE.substring("Practitioner/".length()))).execute();
		client.update().resource(SecurityFixtures.blocking("sperr-innlogget-" + RUN, patient,
				SecurityFixtures.deny(SecurityFixtures.BLOCKED_DOCTOR_RESOURCE))).execute();

		JsonNode tokens = BrowserSession.authorize(root(), SecurityFixtures.APP, SecurityFixtures.REDIRECT,
				SecurityFixtures.BLOCKED_DOCTOR, SecurityFixtures.BLOCKED_DOCTOR_PASSWORD, "user/*.rs", null);
		String token = tokens.path("access_token").asText();

		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("fhirUser")).as("without openid fhirUser")
				.isEqualTo(SecurityFixtures.BLOCKED_DOCTOR_RESOURCE);
		assertThat(get(token, "Patient/" + patient).statusCode()).isEqualTo(404);
		assertThat(get(token, "Patient/" + OTHER).statusCode()).isEqualTo(200);

		Practitioner upstreamDoctor = SecurityFixtures.practitioner("lege-oppstrom-" + RUN);
		client.update().resource(upstreamDoctor).execute();
		String hpr = upstreamDoctor.getIdentifierFirstRep().getValue();
		FakeOidcProvider.nextPerson(Map.of("sub", "upstream-lege-" + RUN, "helseid://claims/hpr/hpr_number", hpr));
		BrowserSession upstream = new BrowserSession(root());
		HttpResponse<String> consent = upstream.browseUpstream(upstream.authorizeUrl(SecurityFixtures.APP,
				SecurityFixtures.REDIRECT, "user/Patient.rs", Map.of()), SecurityFixtures.UPSTREAM, SecurityFixtures.REDIRECT);
		JsonNode upstreamTokens = consent.statusCode() == 200
				? upstream.exchange(SecurityFixtures.APP, SecurityFixtures.REDIRECT, upstream.approve(consent))
				: upstream.exchange(SecurityFixtures.APP, SecurityFixtures.REDIRECT, consent);
		JWTClaimsSet upstreamClaims = SignedJWT.parse(upstreamTokens.path("access_token").asText()).getJWTClaimsSet();
		assertThat(upstreamClaims.getStringClaim("fhirUser")).isEqualTo("Practitioner/lege-oppstrom-" + RUN);
		assertThat(upstreamClaims.getStringClaim("helseid://claims/hpr/hpr_number")).as("personnel's HPR number")
				.isEqualTo(hpr);
	}

	@Test
	void aTokenForAPersonThatDoesNotSayWhoIsRefused() {
		for (String nobody : new String[] {
				token(null, null, null, "user/*.rs"),
				token(null, null, CARDIOLOGY_ORGNR, "user/*.rs"),
				token(null, null, null, "patient/*.rs", PATIENT)}) {
			HttpResponse<String> read = get(nobody, "Patient/" + PATIENT);
			assertThat(read.statusCode()).isEqualTo(403);
			assertThat(read.body()).contains("OperationOutcome", "names no user").doesNotContain("Sperresen");
			assertThat(get(nobody, "metadata").statusCode()).as("the public CapabilityStatement").isEqualTo(200);
		}
		String blockedByHprOnly = token(null, SecurityFixtures.practitioner(BLOCKED).getIdentifierFirstRep().getValue(),
				null, "user/*.rs");
		assertThat(get(blockedByHprOnly, "Observation/" + RECENT).statusCode()).as("an HPR number names the person")
				.isEqualTo(404);
	}

	@Test
	void instanceOperationsOnHiddenDataAnswerNotKnown() {
		String patient = "psy-" + RUN;
		String doctor = "lege-psy-" + RUN;
		String labelled = "obs-psy-" + RUN;
		String unlabelled = "obs-upsy-" + RUN;
		client.update().resource(SecurityFixtures.patient(patient, "Psykesen")).execute();
		client.update().resource(SecurityFixtures.practitioner(doctor)).execute();
		Observation psychiatric = SecurityFixtures.observation(labelled, patient, "vital-signs");
		psychiatric.getMeta().addSecurity(PSY);
		client.update().resource(psychiatric).execute();
		client.update().resource(SecurityFixtures.observation(unlabelled, patient, "vital-signs")).execute();
		Consent.ProvisionComponent onlyPsychiatric = SecurityFixtures.deny("Practitioner/" + doctor);
		onlyPsychiatric.addSecurityLabel(PSY.copy());
		client.update().resource(SecurityFixtures.blocking("sperr-psy-" + RUN, patient, onlyPsychiatric)).execute();
		String token = personnel(doctor, "user/*.cruds");
		assertThat(get(token, "Observation/" + labelled).statusCode()).isEqualTo(404);

		assertThat(get(token, "Observation/" + unlabelled + "/$meta").statusCode()).as("data the blocking leaves")
				.isEqualTo(200);
		for (String meta : new String[] {"Observation/" + labelled + "/$meta",
				"Observation/" + labelled + "/_history/1/$meta"}) {
			HttpResponse<String> response = get(token, meta);
			assertThat(response.statusCode()).as(meta).isEqualTo(404);
			assertThat(response.body()).as(meta).contains("OperationOutcome").doesNotContain("PSY");
		}
		for (String change : new String[] {"$meta-delete", "$meta-add"}) {
			Parameters parameters = new Parameters();
			parameters.addParameter().setName("meta").setValue(new Meta().addSecurity(PSY.copy()).addTag("urn:x", "t", null));
			HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/Observation/" + labelled + "/" + change))
					.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(parameters))));
			assertThat(response.statusCode()).as(change).isEqualTo(404);
			assertThat(response.body()).as(change).doesNotContain("PSY");
		}
		Observation stored = client.read().resource(Observation.class).withId(labelled).execute();
		assertThat(stored.getMeta().getSecurity()).extracting(Coding::getCode).as("the label stays").containsExactly("PSY");
		assertThat(stored.getMeta().getTag()).as("nothing added").isEmpty();
		assertThat(get(token, "Observation/" + labelled).statusCode()).as("still hidden").isEqualTo(404);
		HttpResponse<String> validate = get(token, "Observation/" + labelled + "/$validate");
		assertThat(validate.statusCode()).as("instance $validate").isIn(403, 404);
		assertThat(validate.body()).doesNotContain("PSY", "8867-4");
	}

	@Test
	void pagesStoredBeforeABlockingDoNotShowWhatItHides() {
		String patient = "sidevis-" + RUN;
		String doctor = "lege-sidevis-" + RUN;
		client.update().resource(SecurityFixtures.patient(patient, "Sidesen")).execute();
		client.update().resource(SecurityFixtures.practitioner(doctor)).execute();
		for (int index = 0; index < 5; index++) {
			client.update().resource(SecurityFixtures.observation("obs-side-" + index + "-" + RUN, patient, "vital-signs"))
					.execute();
		}
		String token = personnel(doctor, "user/*.rs");
		HttpResponse<String> firstPage = get(token, "Observation?subject=Patient/" + patient + "&_count=2");
		Bundle first = FHIR.newJsonParser().parseResource(Bundle.class, firstPage.body());
		assertThat(first.getEntry()).hasSize(2);
		String next = first.getLink(Bundle.LINK_NEXT).getUrl();
		assertThat(next).contains("_getpages");

		client.update().resource(SecurityFixtures.blocking("sperr-sidevis-" + RUN, patient,
				SecurityFixtures.deny("Practitioner/" + doctor))).execute();
		HttpResponse<String> secondPage = send(HttpRequest.newBuilder(URI.create(next))
				.header("Authorization", "Bearer " + token).GET());

		assertThat(secondPage.statusCode()).isIn(200, 404, 410);
		assertThat(entriesOf(secondPage)).doesNotContain("obs-side-");
		HttpResponse<String> colleaguesPage = send(HttpRequest.newBuilder(URI.create(next))
				.header("Authorization", "Bearer " + personnel(COLLEAGUE, "user/*.rs")).GET());
		assertThat(entriesOf(colleaguesPage)).as("the same page for someone the blocking does not name")
				.contains("obs-side-");
	}

	private HttpResponse<String> sendAs(String token, String method, String path, Consent body) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/" + path))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.method(method, HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(body))));
	}

	/** The entries of a search answer (its links repeat the query), or the whole body of anything else. */
	private static String entriesOf(HttpResponse<String> response) {
		if (!response.body().contains("\"searchset\"") && !response.body().contains("\"history\"")) {
			return response.body();
		}
		Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
		bundle.getLink().clear();
		return FHIR.newJsonParser().encodeResourceToString(bundle);
	}

	private HttpResponse<String> get(String token, String pathAndQuery) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/" + pathAndQuery))
				.header("Authorization", "Bearer " + token).GET());
	}

	private static String personnel(String practitioner, String scopes) {
		return ExternalTokens.personnel(practitioner, scopes);
	}

	private static String token(String fhirUser, String hpr, String orgnr, String scopes, String... patient) {
		return ExternalTokens.token(fhirUser, hpr, orgnr, scopes, patient);
	}
}
