package no.fjord.security.authserver.pages;

import static no.fjord.security.portal.HtmlPage.csrfField;
import static no.fjord.security.portal.HtmlPage.escape;
import static no.fjord.security.portal.HtmlPage.text;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import no.fjord.common.access.BlockingCheck;
import no.fjord.security.portal.People.Person;
import no.fjord.security.authserver.launch.LaunchContexts;
import no.fjord.security.authserver.launch.StandaloneLaunchFilter;
import no.fjord.security.portal.HtmlPage;
import no.fjord.security.portal.People;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The patient picker of a standalone launch asking for {@code launch/patient}: health personnel search
 * by name, a related person sees the patient they are related to. The choice becomes a {@code launch}
 * value and the authorization request continues with it.
 */
@Controller
public class PatientPickerPage {

	public static final String PATH = "/smart/patient-picker";
	/** Who vouched for the person choosing: Fjord's own login (built-in or through an upstream provider). */
	private static final String LOGIN_ISSUER = "fjord-login";
	private static final int SHOWN = 20;

	private final DaoRegistry daos;
	private final LaunchContexts launches;
	private final People people;
	private final ObjectProvider<BlockingCheck> blockings;

	public PatientPickerPage(DaoRegistry daos, LaunchContexts launches, People people,
			ObjectProvider<BlockingCheck> blockings) {
		this.daos = daos;
		this.launches = launches;
		this.people = people;
		this.blockings = blockings;
	}

	@GetMapping(PATH)
	ResponseEntity<String> pick(HttpServletRequest request, Authentication authentication,
			@RequestParam("continue") String continuation, @RequestParam(name = "name", required = false) String name) {
		Optional<Person> user = people.of(authentication);
		if (user.isEmpty() || !validContinuation(continuation)) {
			return ResponseEntity.status(HttpStatus.BAD_REQUEST).body("Bad request");
		}
		List<Patient> patients = candidates(user.get(), name).stream()
				.filter(patient -> !blocked(authentication, user.get(), patient)).toList();
		StringBuilder list = new StringBuilder();
		for (Patient patient : patients) {
			String id = patient.getIdElement().getIdPart();
			list.append("<li><label style=\"font-weight:normal\"><input type=\"radio\" name=\"patient\" value=\"")
					.append(escape(id)).append("\" required> ").append(escape(display(patient))).append("</label></li>\n");
		}
		String search = user.get().fhirUser().startsWith("RelatedPerson/") ? ""
				: "<form method=\"get\" action=\"" + PATH + "\" role=\"search\">\n"
						+ "<input type=\"hidden\" name=\"continue\" value=\"" + escape(continuation) + "\">\n"
						+ "<label for=\"name\">" + text(request, "Søk på navn", "Search by name") + "</label>\n"
						+ "<input type=\"search\" id=\"name\" name=\"name\" value=\"" + escape(name) + "\">\n"
						+ "<button type=\"submit\" class=\"secondary\">" + text(request, "Søk", "Search") + "</button>\n</form>\n";
		String choose = patients.isEmpty()
				? "<p role=\"status\">" + text(request, "Ingen pasienter funnet.", "No patients found.") + "</p>"
				: "<form method=\"post\" action=\"" + PATH + "\">\n" + csrfField(request)
						+ "<input type=\"hidden\" name=\"continue\" value=\"" + escape(continuation) + "\">\n"
						+ "<fieldset><legend>" + text(request, "Pasient", "Patient") + "</legend><ul>\n" + list
						+ "</ul></fieldset>\n<button type=\"submit\">" + text(request, "Velg", "Choose") + "</button>\n</form>";
		return HtmlPage.render(request, text(request, "Velg pasient", "Choose patient"), search + choose);
	}

	@PostMapping(PATH)
	ResponseEntity<String> chosen(Authentication authentication, @RequestParam("continue") String continuation,
			@RequestParam("patient") String patientId) {
		Optional<Person> user = people.of(authentication);
		if (user.isEmpty() || !validContinuation(continuation) || !mayChoose(authentication, user.get(), patientId)) {
			return ResponseEntity.status(HttpStatus.FORBIDDEN).body("Forbidden");
		}
		String launch = launches.create(patientId, null, "patient-picker:" + authentication.getName());
		return ResponseEntity.status(HttpStatus.FOUND)
				.location(URI.create(StandaloneLaunchFilter.AUTHORIZE_PATH + "?" + continuation + "&launch=" + launch))
				.build();
	}

	private List<Patient> candidates(Person user, String name) {
		if (user.fhirUser().startsWith("RelatedPerson/")) {
			return relatedPatient(user).stream().toList();
		}
		SearchParameterMap query = SearchParameterMap.newSynchronous();
		if (name != null && !name.isBlank()) {
			query.add("name", new StringParam(name.trim()));
		}
		query.setCount(SHOWN);
		IFhirResourceDao<Patient> patients = daos.getResourceDao(Patient.class);
		List<IBaseResource> found = patients.search(query, new SystemRequestDetails()).getResources(0, SHOWN);
		return found.stream().map(Patient.class::cast).toList();
	}

	private boolean mayChoose(Authentication authentication, Person user, String patientId) {
		if (user.fhirUser().startsWith("RelatedPerson/")) {
			return relatedPatient(user).map(patient -> patient.getIdElement().getIdPart().equals(patientId)).orElse(false);
		}
		if (!user.fhirUser().startsWith("Practitioner/") && !user.roles().contains("admin")) {
			return false;
		}
		try {
			Patient patient = daos.getResourceDao(Patient.class).read(new IdType("Patient", patientId),
					new SystemRequestDetails());
			return !blocked(authentication, user, patient);
		} catch (ResourceNotFoundException | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException
				| ca.uhn.fhir.rest.server.exceptions.InvalidRequestException e) {
			return false;
		}
	}

	/** Whether the patient's blockings keep them from this person: then they are neither listed nor accepted. */
	private boolean blocked(Authentication authentication, Person user, Patient patient) {
		return blockings.getIfAvailable(() -> BlockingCheck.NONE).keeps(new BlockingCheck.Person(LOGIN_ISSUER,
				authentication.getName(), user.fhirUser(), null, null), patient);
	}

	private Optional<Patient> relatedPatient(Person user) {
		try {
			RelatedPerson related = daos.getResourceDao(RelatedPerson.class)
					.read(new IdType(user.fhirUser()), new SystemRequestDetails());
			return Optional.of(daos.getResourceDao(Patient.class)
					.read(related.getPatient().getReferenceElement(), new SystemRequestDetails()));
		} catch (RuntimeException notFound) {
			return Optional.empty();
		}
	}

	/** Only the parameters of an authorization request: the redirect always goes to our own endpoint. */
	private static boolean validContinuation(String continuation) {
		return continuation.length() < 8000 && continuation.contains("response_type=")
				&& !continuation.contains("launch=") && !continuation.contains("#");
	}

	private static String display(Patient patient) {
		String name = patient.getName().isEmpty() ? patient.getIdElement().getIdPart()
				: patient.getNameFirstRep().getNameAsSingleString();
		return patient.hasBirthDate() ? name + " (" + patient.getBirthDateElement().getValueAsString() + ")" : name;
	}
}
