package no.fjord.audit.portal;

import static no.fjord.security.portal.HtmlPage.escape;
import static no.fjord.security.portal.HtmlPage.text;

import jakarta.servlet.http.HttpServletRequest;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import no.fjord.audit.fhir.AgentNames;
import no.fjord.audit.fhir.AuditTrailSearch;
import no.fjord.audit.fhir.StoredAuditEvent;
import no.fjord.audit.trail.AuditRecord;
import no.fjord.security.portal.HtmlPage;
import no.fjord.security.portal.People;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The patient's access log as a page ({@code /portal/access-log}, nb/en): after logging in (ID-porten or
 * the built-in list), a patient sees who accessed their record, newest first: when, who and in what
 * role, for which organisation or app, why, and whether it was an emergency access. Their own accesses
 * are left out. The same data is available to apps as {@code AuditEvent?patient=...}.
 */
@RestController
public class AccessLogPage {

	public static final String PATH = "/portal/access-log";
	private static final int SHOWN = 200;
	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm").withZone(ZoneId.of("Europe/Oslo"));

	private final ObjectProvider<People> people;
	private final AuditTrailSearch trail;
	private final AgentNames names;

	public AccessLogPage(ObjectProvider<People> people, AuditTrailSearch trail, AgentNames names) {
		this.people = people;
		this.trail = trail;
		this.names = names;
	}

	@GetMapping(PATH)
	ResponseEntity<String> show(HttpServletRequest request, Authentication authentication) {
		Optional<String> patient = Optional.ofNullable(people.getIfAvailable()).flatMap(known -> known.of(authentication))
				.map(People.Person::fhirUser).map(IdType::new)
				.filter(user -> "Patient".equals(user.getResourceType())).map(IdType::getIdPart);
		if (patient.isEmpty()) {
			ResponseEntity<String> page = HtmlPage.render(request, text(request, "Innsyn i logg", "Access log"),
					"<p role=\"alert\">" + text(request, "Loggen er for pasienter som er logget inn.",
							"The access log is for patients who are logged in.") + "</p>");
			return ResponseEntity.status(HttpStatus.FORBIDDEN).headers(page.getHeaders()).body(page.getBody());
		}
		String self = "Patient/" + patient.get();
		List<StoredAuditEvent> events = trail.find(new AuditTrailSearch.Criteria(List.of(List.of(patient.get())),
				List.of(), List.of(self), null, null, List.of(), List.of(), List.of(), List.of()), 0, SHOWN);
		StringBuilder rows = new StringBuilder();
		for (StoredAuditEvent event : events) {
			rows.append(row(request, event.record()));
		}
		String body = events.isEmpty()
				? "<p role=\"status\">" + text(request, "Ingen andre har åpnet journalen din.", "Nobody else has accessed your record.") + "</p>"
				: "<table>\n<caption>" + text(request, "Hvem har åpnet journalen din, nyeste først",
						"Who accessed your record, newest first") + "</caption>\n<thead><tr><th scope=\"col\">"
						+ text(request, "Når", "When") + "</th><th scope=\"col\">" + text(request, "Hvem", "Who")
						+ "</th><th scope=\"col\">" + text(request, "Virksomhet eller app", "Organisation or app")
						+ "</th><th scope=\"col\">" + text(request, "Hva", "What") + "</th><th scope=\"col\">"
						+ text(request, "Hvorfor", "Why") + "</th></tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>";
		return HtmlPage.render(request, text(request, "Innsyn i logg", "Access log"), body);
	}

	private String row(HttpServletRequest request, AuditRecord record) {
		String who = record.agentFhirUser() == null ? text(request, "System", "System")
				: names.of(record.agentFhirUser()).map(name -> name.name()
						+ (name.role() != null && name.role().hasText() ? " (" + name.role().getText() + ")" : ""))
						.orElse(text(request, "Ukjent person", "Unknown person"));
		String where = record.agentOrganisation() != null
				? text(request, "Org.nr. ", "Org. no. ") + record.agentOrganisation()
				: record.clientId() != null ? "App: " + record.clientId() : "";
		String why = "BTG".equals(record.purpose())
				? "<strong>" + text(request, "Akuttilgang", "Emergency access") + "</strong>: " + escape(record.emergencyReason())
				: escape(purpose(request, record.purpose()));
		return "<tr><td>" + WHEN.format(record.recorded()) + "</td><td>" + escape(who) + "</td><td>" + escape(where)
				+ "</td><td>" + escape(what(request, record)) + "</td><td>" + why + "</td></tr>\n";
	}

	private static String what(HttpServletRequest request, AuditRecord record) {
		String outcome = record.outcome() == 0 ? "" : text(request, " (avvist)", " (refused)");
		if ("login".equals(record.eventType())) {
			return text(request, "Startet en app", "Started an app") + outcome;
		}
		return switch (record.action()) {
			case 'C' -> text(request, "Registrerte", "Added");
			case 'U' -> text(request, "Endret", "Changed");
			case 'D' -> text(request, "Slettet", "Deleted");
			case 'R' -> text(request, "Leste", "Read");
			default -> text(request, "Brukte", "Used");
		} + outcome;
	}

	private static String purpose(HttpServletRequest request, String purpose) {
		return switch (purpose) {
			case "TREAT" -> text(request, "Behandling", "Treatment");
			case "PATRQT" -> text(request, "Etter ønske fra deg eller pårørende", "At your or a relative's request");
			case "HOPERAT" -> text(request, "Drift eller register", "Operations or registry");
			default -> purpose;
		};
	}
}
