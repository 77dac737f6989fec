package no.fjord.audit.fhir;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import no.fjord.audit.trail.AuditRecord;
import no.fjord.common.fhir.NorwegianIdentifierSystems;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Renders a row of the audit trail as an R4 AuditEvent, shaped after IHE Basic Audit Log Patterns: the
 * user (with HPR number), the client app and the organisation as agents, Fjord as the source, and the
 * patients, the resource and the query as entities. When the reader may only see one patient, the event
 * names only that patient and leaves the query out (it may name others).
 */
public final class AuditEventRendering {

	public static final String CLIENT_SYSTEM = "https://fjord-fhir.no/fhir/sid/client-id";
	public static final String FOLLOW_UP_SYSTEM = "https://fjord-fhir.no/fhir/CodeSystem/fjord-audit-flag";
	private static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
	private static final String FJORD_SUBTYPES = "https://fjord-fhir.no/fhir/CodeSystem/fjord-audit-event-subtype";
	private static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
	private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
	private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
	private static final List<String> REST_INTERACTIONS = List.of("read", "vread", "update", "patch", "delete",
			"history-instance", "history-type", "history-system", "create", "search-type", "search-system",
			"capabilities", "transaction", "batch", "operation");

	private AuditEventRendering() {
	}

	/**
	 * @param onlyPatient the one patient the reader may see, or {@code null} for a reader who may see all
	 */
	public static AuditEvent render(StoredAuditEvent stored, String onlyPatient,
			Function<String, Optional<AgentNames.AgentName>> names) {
		AuditRecord record = stored.record();
		AuditEvent event = new AuditEvent();
		event.setId(String.valueOf(stored.id()));
		if ("login".equals(record.eventType())) {
			event.setType(new Coding(DICOM, "110114", "User Authentication"));
			event.addSubtype(new Coding(DICOM, "110122", "Login"));
		} else if ("subscription".equals(record.eventType())) {
			// A notification carries data out of Fjord to the subscriber's endpoint.
			event.setType(new Coding(DICOM, "110106", "Export"));
			event.addSubtype(new Coding(FJORD_SUBTYPES, record.interaction(), "Subscription notification"));
		} else {
			event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
			event.addSubtype(REST_INTERACTIONS.contains(record.interaction())
					? new Coding("http://hl7.org/fhir/restful-interaction", record.interaction(), null)
					: new Coding("urn:ietf:rfc:3986", record.interaction(), null));
		}
		event.setAction(AuditEvent.AuditEventAction.fromCode(String.valueOf(record.action())));
		event.setRecorded(Date.from(record.recorded()));
		event.setOutcome(AuditEvent.AuditEventOutcome.fromCode(String.valueOf(record.outcome())));
		if (record.outcomeText() != null && onlyPatient == null) {
			event.setOutcomeDesc(record.outcomeText());
		}
		event.addPurposeOfEvent().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason",
				record.purpose(), null)).setText(record.emergencyReason());
		if (record.followUp()) {
			event.getMeta().addTag(FOLLOW_UP_SYSTEM, "follow-up", "Emergency access: to be reviewed");
		}
		addUser(event, record, names);
		if (record.clientId() != null) {
			event.addAgent().setRequestor(record.agentFhirUser() == null)
					.setType(new CodeableConcept(new Coding(DICOM, "110150", "Application")))
					.setWho(new Reference().setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM).setValue(record.clientId())));
		}
		if (record.agentOrganisation() != null) {
			event.addAgent().setRequestor(false)
					.setWho(new Reference().setType("Organization").setIdentifier(
							new Identifier().setSystem(NorwegianIdentifierSystems.ORGANISASJONSNUMMER).setValue(record.agentOrganisation())));
		}
		event.getSource().setObserver(new Reference().setDisplay("Fjord FHIR server"))
				.addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
		for (String patient : record.patients()) {
			if (onlyPatient == null || onlyPatient.equals(patient)) {
				entity(event, new Reference("Patient/" + patient), "1", "1");
			}
		}
		if (record.allPatients() && onlyPatient != null && !record.patients().contains(onlyPatient)) {
			entity(event, new Reference("Patient/" + onlyPatient), "1", "1");
		}
		if (record.resourceRef() != null && (onlyPatient == null || record.patients().size() <= 1)) {
			entity(event, new Reference(record.resourceRef()), "2", "4");
		}
		if (record.query() != null && onlyPatient == null) {
			entity(event, null, "2", "24").setQuery(record.query().getBytes(StandardCharsets.UTF_8));
		}
		return event;
	}

	private static void addUser(AuditEvent event, AuditRecord record,
			Function<String, Optional<AgentNames.AgentName>> names) {
		if (record.agentFhirUser() == null && record.agentHpr() == null) {
			return;
		}
		AuditEventAgentComponent user = event.addAgent().setRequestor(true);
		user.setType(new CodeableConcept(new Coding(PARTICIPATION, "IRCP", "information recipient")));
		Reference who = new Reference(record.agentFhirUser());
		if (record.agentHpr() != null) {
			who.setIdentifier(new Identifier().setSystem(NorwegianIdentifierSystems.HPR_NUMMER).setValue(record.agentHpr()));
		}
		if (record.agentFhirUser() != null) {
			names.apply(record.agentFhirUser()).ifPresent(name -> {
				who.setDisplay(name.name());
				if (name.role() != null) {
					user.addRole(name.role());
				}
			});
		}
		user.setWho(who);
	}

	private static AuditEventEntityComponent entity(AuditEvent event, Reference what, String type, String role) {
		AuditEventEntityComponent entity = event.addEntity().setWhat(what)
				.setType(new Coding(ENTITY_TYPE, type, null)).setRole(new Coding(OBJECT_ROLE, role, null));
		return entity;
	}

}
