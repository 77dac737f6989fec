package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.fjord.audit.trail.AuditRetention;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit trail over HTTP: what each kind of access leaves behind, checked in PostgreSQL the moment
 * the answer arrives and through the AuditEvent API, the patient's own access log, and that nobody can
 * write AuditEvents.
 */
class AuditIT extends FjordServerIT {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private AuditRetention retention;

	@Test
	void readIsRecordedBeforeTheAnswerArrives() {
		String patient = storedPatient();
		String doctor = ExternalTokens.personnel("lege-" + patient, "user/*.rs");

		HttpResponse<String> read = getAs(doctor, "Patient/" + patient);

		assertThat(read.statusCode()).isEqualTo(200);
		Map<String, Object> row = jdbc.queryForMap("SELECT * FROM fjord_audit_event WHERE agent_fhir_user = ? "
				+ "AND interaction = 'read'", "Practitioner/lege-" + patient);
		assertThat(row.get("action")).isEqualTo("R");
		assertThat(((Number) row.get("outcome")).intValue()).isZero();
		assertThat(row.get("purpose")).isEqualTo("TREAT");
		assertThat(row.get("resource_ref")).as("the version read").isEqualTo("Patient/" + patient + "/_history/1");
		assertThat(patientsOf(row)).containsExactly(patient);
	}

	@Test
	void everyKindOfInteractionLeavesAnAuditEvent() {
		String patient = storedPatient();
		String doctor = ExternalTokens.personnel("lege-alt-" + patient, "user/*.cruds");
		HttpResponse<String> created = sendAs(doctor, "POST", "Observation", json(SecurityFixtures.observation(null, patient, "vital-signs")));
		String observation = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/Observation/([^/]+)/.*", "$1");
		sendAs(doctor, "PUT", "Observation/" + observation, json(SecurityFixtures.observation(observation, patient, "laboratory")));
		getAs(doctor, "Observation?subject=Patient/" + patient);
		getAs(doctor, "Patient/" + patient + "/$everything");
		send(HttpRequest.newBuilder(URI.create(base() + "/Observation/" + observation))
				.header("Authorization", "Bearer " + doctor).DELETE());
		HttpResponse<String> launch = send(HttpRequest.newBuilder(URI.create(root() + "/smart/launch"))
				.header("Authorization", "Bearer " + doctor).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"patient\":\"" + patient + "\"}")));
		assertThat(launch.statusCode()).isEqualTo(201);

		List<Map<String, Object>> rows = jdbc.queryForList("SELECT interaction, action, outcome, event_type FROM "
				+ "fjord_audit_event WHERE agent_fhir_user = ? ORDER BY id", "Practitioner/lege-alt-" + patient);
		assertThat(rows).extracting(row -> row.get("interaction") + " " + row.get("action"))
				.containsExactly("create C", "update U", "search-type R", "$everything E", "delete D", "launch E");
		assertThat(rows).allSatisfy(row -> assertThat(((Number) row.get("outcome")).intValue()).isZero());
		assertThat(rows.get(5).get("event_type")).isEqualTo("login");
		assertThat(jdbc.queryForList("SELECT resource_ref FROM fjord_audit_event WHERE agent_fhir_user = ? "
				+ "AND action IN ('C', 'U', 'D') ORDER BY id", String.class, "Practitioner/lege-alt-" + patient))
				.as("writes name the version they made").containsExactly("Observation/" + observation + "/_history/1",
						"Observation/" + observation + "/_history/2", "Observation/" + observation + "/_history/3");
	}

	@Test
	void tokenIssuanceIsRecorded() {
		int before = jdbc.queryForObject("SELECT COUNT(*) FROM fjord_audit_event WHERE event_type = 'login' "
				+ "AND interaction = 'token' AND client_id = ?", Integer.class, TestTokens.CLIENT_ID);

		TestTokens.tokenResponse(root(), TestTokens.CLIENT_ID, TestTokens.SECRET,
				"grant_type=client_credentials&scope=system/Patient.rs");

		int after = jdbc.queryForObject("SELECT COUNT(*) FROM fjord_audit_event WHERE event_type = 'login' "
				+ "AND interaction = 'token' AND client_id = ?", Integer.class, TestTokens.CLIENT_ID);
		assertThat(after).isEqualTo(before + 1);
	}

	@Test
	void refusedTokenRequestIsRecorded() {
		String stranger = "ukjent-" + UUID.randomUUID().toString().substring(0, 8);

		JsonNode refused = TestTokens.tokenResponse(root(), stranger, "wrong-secret",
				"grant_type=client_credentials&scope=system/Patient.rs");

		assertThat(refused.path("error").asText()).isEqualTo("invalid_client");
		Map<String, Object> row = jdbc.queryForMap("SELECT * FROM fjord_audit_event WHERE client_id = ?", stranger);
		assertThat(row.get("interaction")).isEqualTo("token");
		assertThat(((Number) row.get("outcome")).intValue()).isEqualTo(4);
		assertThat(row.get("outcome_text")).isEqualTo("invalid_client");
	}

	@Test
	void denialsAreRecordedWithThePatientConcerned() {
		String patient = storedPatient();
		String other = storedPatient();
		String patientToken = ExternalTokens.patient(patient, "patient/*.rs");

		assertThat(getAs(patientToken, "Patient/" + other).statusCode()).isEqualTo(403);
		assertThat(getAs(token(), "Patient/nobody-" + patient).statusCode()).isEqualTo(404);

		Map<String, Object> refused = jdbc.queryForMap("SELECT * FROM fjord_audit_event WHERE agent_fhir_user = ? "
				+ "AND outcome = 4", "Patient/" + patient);
		assertThat(patientsOf(refused)).containsExactly(other);
		assertThat(refused.get("purpose")).isEqualTo("PATRQT");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM fjord_audit_event WHERE resource_ref = ? AND outcome = 4",
				Integer.class, "Patient/nobody-" + patient)).isEqualTo(1);
	}

	@Test
	void patientsLogShowsExactlyWhoAccessedTheirRecord() {
		String patient = storedPatient();
		client.create().resource(SecurityFixtures.observation(null, patient, "laboratory")).execute();
		client.update().resource(SecurityFixtures.practitioner("lege-logg-" + patient)).execute();
		String doctor = ExternalTokens.personnel("lege-logg-" + patient, "user/*.rs");
		getAs(doctor, "Patient/" + patient);
		getAs(doctor, "Observation?subject=Patient/" + patient);
		String own = ExternalTokens.patient(patient, "patient/*.rs");
		getAs(own, "Patient/" + patient);
		getAs(ExternalTokens.personnel("lege-annen-" + patient, "user/*.rs"), "Patient/" + storedPatient());

		Bundle log = bundle(getAs(own, "AuditEvent?patient=Patient/" + patient + "&exclude-agent=Patient/" + patient));

		assertThat(log.getEntry()).extracting(entry -> describe((AuditEvent) entry.getResource())).containsExactly(
				"search-type Practitioner/lege-logg-" + patient,
				"read Practitioner/lege-logg-" + patient,
				"create system",
				"update system");
		AuditEvent read = (AuditEvent) log.getEntry().get(1).getResource();
		assertThat(read.getAgentFirstRep().getWho().getDisplay()).as("the person's name").isEqualTo("Kari Lege");
		assertThat(read.getAgentFirstRep().getRoleFirstRep().getText()).as("their role").isEqualTo("Lege");
		for (Bundle.BundleEntryComponent entry : log.getEntry()) {
			AuditEvent event = (AuditEvent) entry.getResource();
			assertThat(event.getEntity()).filteredOn(entity -> "1".equals(entity.getRole().getCode()))
					.extracting(entity -> entity.getWhat().getReference()).containsExactly("Patient/" + patient);
		}
		Bundle withOwn = bundle(getAs(own, "AuditEvent?patient=Patient/" + patient));
		assertThat(withOwn.getEntry()).extracting(entry -> describe((AuditEvent) entry.getResource()))
				.contains("read Patient/" + patient);
		HttpResponse<String> someoneElses = getAs(own, "AuditEvent?patient=Patient/" + storedPatient());
		assertThat(someoneElses.statusCode()).isIn(200, 403);
		if (someoneElses.statusCode() == 200) {
			assertThat(bundle(someoneElses).getEntry()).isEmpty();
		}
	}

	@Test
	void exportOfEveryoneShowsInTheLogOfEachPatientWhoseRecordExisted() {
		String before = storedPatient();
		HttpResponse<String> kickOff = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/$export?_type=Patient"))
				.header("Prefer", "respond-async").header("Accept", "application/fhir+json").GET());
		assertThat(kickOff.statusCode()).isEqualTo(202);
		String after = storedPatient();

		Bundle log = bundle(getAs(ExternalTokens.patient(before, "patient/*.rs"), "AuditEvent?patient=Patient/" + before));
		Bundle laterLog = bundle(getAs(ExternalTokens.patient(after, "patient/*.rs"), "AuditEvent?patient=Patient/" + after));

		AuditEvent export = log.getEntry().stream().map(entry -> (AuditEvent) entry.getResource())
				.filter(event -> "$export".equals(event.getSubtypeFirstRep().getCode())).findFirst().orElseThrow();
		assertThat(export.getAgent()).extracting(agent -> agent.getWho().getIdentifier().getValue())
				.as("shown as the app that ran it").contains(TestTokens.CLIENT_ID);
		assertThat(export.getEntity()).filteredOn(entity -> "1".equals(entity.getRole().getCode()))
				.extracting(entity -> entity.getWhat().getReference()).containsExactly("Patient/" + before);
		assertThat(laterLog.getEntry()).extracting(entry -> ((AuditEvent) entry.getResource()).getSubtypeFirstRep().getCode())
				.as("a patient stored after the export").doesNotContain("$export");
	}

	@Test
	void loggedInPatientReadsTheirLogAsAPage() {
		client.update().resource(SecurityFixtures.patient(SecurityFixtures.PATIENT_ID, "Pasientsen")).execute();
		String doctor = "lege-side-" + UUID.randomUUID().toString().substring(0, 8);
		client.update().resource(SecurityFixtures.practitioner(doctor)).execute();
		getAs(ExternalTokens.personnel(doctor, "user/*.rs"), "Patient/" + SecurityFixtures.PATIENT_ID);

		BrowserSession browser = new BrowserSession(root());
		HttpResponse<String> page = browser.browse(root() + "/portal/access-log?lang=nb", SecurityFixtures.PATIENT_USER,
				SecurityFixtures.PATIENT_PASSWORD, "http://nowhere.example");
		HttpResponse<String> english = browser.get(root() + "/portal/access-log?lang=en");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<html lang=\"nb\"", "Innsyn i logg", "Kari Lege (Lege)", "Leste", "Behandling");
		assertThat(english.body()).contains("<html lang=\"en\"", "Access log", "Kari Lege (Lege)", "Read", "Treatment");
		HttpResponse<String> doctorsPage = new BrowserSession(root()).browse(root() + "/portal/access-log",
				SecurityFixtures.DOCTOR, SecurityFixtures.DOCTOR_PASSWORD, "http://nowhere.example");
		assertThat(doctorsPage.statusCode()).as("only for patients").isEqualTo(403);
	}

	@Test
	void emergencyAccessIsFlaggedForFollowUpAndShownToThePatient() {
		String patient = storedPatient();
		String doctor = "lege-akutt-logg-" + patient;
		client.update().resource(SecurityFixtures.practitioner(doctor)).execute();
		client.update().resource(SecurityFixtures.blocking("sperr-" + patient, patient,
				SecurityFixtures.deny("Practitioner/" + doctor))).execute();
		String token = ExternalTokens.personnel(doctor, "user/*.rs fjord.emergency-access");

		HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + patient))
				.header("Authorization", "Bearer " + token).header("Fjord-Emergency-Access", URLEncoder.encode("Bevisstløs i akuttmottak", StandardCharsets.UTF_8).replace("+", "%20")).GET());
		assertThat(read.statusCode()).isEqualTo(200);

		Bundle log = bundle(getAs(ExternalTokens.patient(patient, "patient/*.rs"),
				"AuditEvent?patient=Patient/" + patient + "&purpose=BTG"));
		assertThat(log.getEntry()).hasSize(1);
		AuditEvent event = (AuditEvent) log.getEntryFirstRep().getResource();
		assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("BTG");
		assertThat(event.getPurposeOfEventFirstRep().getText()).isEqualTo("Bevisstløs i akuttmottak");
		assertThat(event.getMeta().getTag()).extracting(tag -> tag.getCode()).contains("follow-up");
	}

	@Test
	void blockedPractitionerCannotReadTheBlockingPatientsAuditTrail() {
		String patient = storedPatient();
		String other = storedPatient();
		String doctor = "lege-sperret-logg-" + patient;
		String colleague = "lege-kollega-logg-" + patient;
		client.update().resource(SecurityFixtures.practitioner(doctor)).execute();
		client.update().resource(SecurityFixtures.practitioner(colleague)).execute();
		client.create().resource(SecurityFixtures.observation(null, patient, "laboratory")).execute();
		String token = ExternalTokens.personnel(doctor, "user/*.rs");
		getAs(token, "Patient/" + patient);
		getAs(token, "Observation?subject=Patient/" + patient);
		getAs(token, "Patient/" + other);
		client.update().resource(SecurityFixtures.blocking("sperr-logg-" + patient, patient,
				SecurityFixtures.deny("Practitioner/" + doctor))).execute();
		long readOfBlocked = jdbc.queryForObject("SELECT id FROM fjord_audit_event WHERE agent_fhir_user = ? "
				+ "AND interaction = 'read' AND ? = ANY(patients)", Long.class, "Practitioner/" + doctor, patient);

		assertThat(bundle(getAs(token, "AuditEvent?patient=Patient/" + patient)).getEntry()).isEmpty();
		assertThat(bundle(getAs(token, "AuditEvent?patient=Patient/" + patient + "," + other)).getEntry())
				.extracting(entry -> json(entry.getResource())).isNotEmpty()
				.noneMatch(event -> event.contains("Patient/" + patient) || event.contains("sperr-logg-"));
		Bundle own = bundle(getAs(token, "AuditEvent?agent=Practitioner/" + doctor));
		assertThat(own.getEntry()).as("their own events about others").isNotEmpty();
		assertThat(json(own)).doesNotContain("Patient/" + patient);
		assertThat(getAs(token, "AuditEvent/" + readOfBlocked).statusCode()).isEqualTo(404);

		String colleagueToken = ExternalTokens.personnel(colleague, "user/*.rs");
		assertThat(json(bundle(getAs(colleagueToken, "AuditEvent?patient=Patient/" + patient))))
				.as("others still see the trail").contains("Practitioner/" + doctor, "sperr-logg-" + patient);
		assertThat(getAs(colleagueToken, "AuditEvent/" + readOfBlocked).statusCode()).isEqualTo(200);
	}

	@Test
	void recordsOlderThanTheRetentionPeriodAreRemoved() {
		String old = "gammel-" + UUID.randomUUID();
		String recent = "ny-" + UUID.randomUUID();
		for (String[] row : new String[][] {{old, "4000"}, {recent, "1"}}) {
			jdbc.update("INSERT INTO fjord_audit_event (recorded, event_type, interaction, action, outcome, purpose, "
					+ "follow_up, patients, withheld_patients, request_id) VALUES (now() - (? || ' days')::interval, "
					+ "'rest', 'read', 'R', 0, 'TREAT', false, '{}', '{}', ?)", row[1], row[0]);
		}

		assertThat(retention.purge()).isPositive();

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM fjord_audit_event WHERE request_id = ?", Integer.class, old)).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM fjord_audit_event WHERE request_id = ?", Integer.class, recent)).isOne();
	}

	@Test
	void auditEventsCannotBeWrittenByAnyone() {
		AuditEvent forged = new AuditEvent();
		forged.setId("forged");
		forged.getType().setSystem("http://dicom.nema.org/resources/ontology/DCM").setCode("110110");
		forged.setRecorded(new java.util.Date());
		forged.addAgent().setRequestor(true);
		forged.getSource().setObserver(new Reference().setDisplay("x"));
		String admin = token();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(forged).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("AuditEvent");

		assertThat(sendAs(admin, "POST", "AuditEvent", json(forged)).statusCode()).isEqualTo(405);
		forged.setId("1");
		assertThat(sendAs(admin, "PUT", "AuditEvent/1", json(forged)).statusCode()).isEqualTo(405);
		assertThat(send(HttpRequest.newBuilder(URI.create(base() + "/AuditEvent/1")).DELETE()).statusCode()).isEqualTo(405);
		HttpResponse<String> inTransaction = sendAs(admin, "POST", "", json(transaction));
		assertThat(inTransaction.statusCode()).isEqualTo(405);
		assertThat(inTransaction.body()).contains("OperationOutcome");
	}

	private String storedPatient() {
		String id = "logg-" + UUID.randomUUID().toString().substring(0, 8);
		client.update().resource(SecurityFixtures.patient(id, "Loggsen")).execute();
		return id;
	}

	private static String describe(AuditEvent event) {
		String who = event.getAgent().stream().filter(agent -> agent.getWho().getReference() != null)
				.map(agent -> agent.getWho().getReference()).findFirst().orElse("system");
		return event.getSubtypeFirstRep().getCode() + " " + who;
	}

	@SuppressWarnings("unchecked")
	private static List<String> patientsOf(Map<String, Object> row) {
		try {
			return List.of((String[]) ((java.sql.Array) row.get("patients")).getArray());
		} catch (java.sql.SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String json(org.hl7.fhir.instance.model.api.IBaseResource resource) {
		return FHIR.newJsonParser().encodeResourceToString(resource);
	}

	private static Bundle bundle(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	private HttpResponse<String> getAs(String token, String pathAndQuery) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/" + pathAndQuery))
				.header("Authorization", "Bearer " + token).GET());
	}

	private HttpResponse<String> sendAs(String token, String method, String path, String body) {
		return send(HttpRequest.newBuilder(URI.create(base() + (path.isEmpty() ? "" : "/" + path)))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}
}
