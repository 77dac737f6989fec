package no.fjord.security.authserver.launch;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import no.fjord.common.access.BlockingCheck;
import no.fjord.common.access.AuthorizationEvents;
import no.fjord.security.scope.Permission;
import no.fjord.security.scope.SmartScope.Context;
import no.fjord.security.token.SmartAuthentication;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where an EHR front-end gets the {@code launch} value for an EHR launch: it posts the patient (and
 * optionally the encounter) in context with its user's token, and opens the app with
 * {@code ?iss=[FHIR base]&launch=[value]}. The caller must be able to read that patient itself, and no blocking
 * of the patient may keep them from the caller.
 */
@RestController
public class LaunchApi {

	public static final String PATH = "/smart/launch";

	private final LaunchContexts launches;
	private final DaoRegistry daos;
	private final AuthorizationEvents events;
	private final ObjectProvider<BlockingCheck> blockings;

	public LaunchApi(LaunchContexts launches, DaoRegistry daos, ObjectProvider<AuthorizationEvents> events,
			ObjectProvider<BlockingCheck> blockings) {
		this.launches = launches;
		this.daos = daos;
		this.events = events.getIfAvailable(() -> AuthorizationEvents.NONE);
		this.blockings = blockings;
	}

	/** @param request {@code {"patient": "123", "encounter": "456"}} */
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> launch(SmartAuthentication authentication,
			@RequestBody Map<String, String> request) {
		SmartPrincipal caller = authentication.smart();
		String patient = request.get("patient");
		String encounter = request.get("encounter");
		if (patient == null || !patient.matches("[A-Za-z0-9\\-.]{1,64}")
				|| (encounter != null && !encounter.matches("[A-Za-z0-9\\-.]{1,64}"))) {
			return problem(HttpStatus.BAD_REQUEST, "patient (and encounter, if given) must be FHIR resource ids");
		}
		if (!caller.scopes().allows(Context.USER, Permission.READ, "Patient")) {
			return problem(HttpStatus.FORBIDDEN, "Only a user token that can read patients can launch apps");
		}
		// a patient whose blockings keep them from the caller is "not known", as on a FHIR read
		Optional<IBaseResource> patientResource = find(Patient.class, patient);
		if (patientResource.isEmpty() || blockedFor(caller, patientResource.get())
				|| (encounter != null && find(Encounter.class, encounter).isEmpty())) {
			return problem(HttpStatus.NOT_FOUND, "No such patient or encounter");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("launch", launches.create(patient, encounter, LaunchContexts.EHR + caller.subject()));
		events.record(new AuthorizationEvents.AuthorizationEvent("launch", caller.issuer(), caller.clientId().orElse(null),
				caller.subject(), caller.fhirUser().orElse(null), caller.hprNumber().orElse(null), patient,
				Objects.toString(authentication.getToken().getClaims().get("scope"), null), null));
		body.put("expires_in", launches.timeToLive().toSeconds());
		return ResponseEntity.status(HttpStatus.CREATED).body(body);
	}

	private Optional<IBaseResource> find(Class<? extends IBaseResource> type, String id) {
		try {
			return Optional.of(daos.getResourceDao(type).read(new IdType(type.getSimpleName(), id),
					new SystemRequestDetails()));
		} catch (RuntimeException notFound) {
			return Optional.empty();
		}
	}

	private boolean blockedFor(SmartPrincipal caller, IBaseResource patient) {
		BlockingCheck.Person person = new BlockingCheck.Person(caller.issuer(), caller.subject(),
				caller.fhirUser().orElse(null), caller.hprNumber().orElse(null), caller.organisation().orElse(null));
		return blockings.getIfAvailable(() -> BlockingCheck.NONE).keeps(person, patient);
	}

	private static ResponseEntity<Map<String, Object>> problem(HttpStatus status, String description) {
		return ResponseEntity.status(status).body(Map.of("error", status.getReasonPhrase(), "error_description", description));
	}
}
