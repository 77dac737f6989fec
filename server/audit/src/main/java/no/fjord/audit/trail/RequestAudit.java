package no.fjord.audit.trail;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import no.fjord.common.access.ConsentFindings;
import no.fjord.common.fhir.PatientCompartment;
import no.fjord.common.web.RequestIds;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.MDC;

/**
 * Turns a FHIR request, its answer and what consent found into an {@link AuditRecord}: the interaction
 * and action, the caller from the verified token, the purpose of use, and every patient whose record the
 * answer touched.
 */
public final class RequestAudit {

	private final FhirContext context;
	private final Clock clock;

	public RequestAudit(FhirContext context, Clock clock) {
		this.context = context;
		this.clock = clock;
	}

	public AuditRecord of(RequestDetails request, IBaseResource answer, int status, String failure) {
		Optional<SmartPrincipal> principal = SmartPrincipal.current();
		ConsentFindings findings = ConsentFindings.find(request);
		boolean emergency = findings != null && findings.usedEmergencyAccess();
		Set<String> patients = new LinkedHashSet<>(patientsOfRequest(request));
		if (answer != null) {
			patients.addAll(patientsOf(answer));
		}
		List<String> withheld = new ArrayList<>();
		if (findings != null) {
			patients.addAll(findings.emergencyAccessReasons().keySet());
			withheld.addAll(findings.withheldPatients());
			patients.addAll(withheld);
		}
		String emergencyReason = emergency ? String.join("; ", new LinkedHashSet<>(findings.emergencyAccessReasons().values())) : null;
		return new AuditRecord(clock.instant(), "rest", interaction(request), action(request.getRestOperationType()),
				outcome(status), failure, emergency ? "BTG"
						: purposeOf(principal.flatMap(SmartPrincipal::userType), principal.flatMap(SmartPrincipal::hprNumber)),
				emergencyReason, emergency,
				principal.map(SmartPrincipal::issuer).orElse(null), principal.map(SmartPrincipal::subject).orElse(null),
				principal.flatMap(SmartPrincipal::fhirUser).orElse(null),
				principal.flatMap(SmartPrincipal::hprNumber).orElse(null),
				principal.flatMap(SmartPrincipal::organisation).orElse(null),
				principal.flatMap(SmartPrincipal::clientId).orElse(null),
				resourceRef(request, answer), query(request), List.copyOf(patients), withheld, reachesAllPatients(request),
				MDC.get(RequestIds.MDC_KEY), remoteAddress(request));
	}

	/**
	 * v3-ActReason: treatment for personnel, patient request for patients and relatives, operations for
	 * systems.
	 *
	 * @param userType the type of the user's FHIR resource, if any
	 */
	public static String purposeOf(Optional<String> userType, Optional<String> hprNumber) {
		if (userType.filter(type -> type.equals("Patient") || type.equals("RelatedPerson")).isPresent()) {
			return "PATRQT";
		}
		return userType.isPresent() || hprNumber.isPresent() ? "TREAT" : "HOPERAT";
	}

	/** {@code $export} at the server or {@code Patient} type: every patient's record goes into the files. */
	static boolean reachesAllPatients(RequestDetails request) {
		boolean export = "$export".equals(request.getOperation());
		boolean instance = request.getId() != null && request.getId().hasIdPart();
		return export && !instance && (request.getResourceName() == null || "Patient".equals(request.getResourceName()));
	}

	static String interaction(RequestDetails request) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		if (request.getOperation() != null && request.getOperation().startsWith("$")) {
			return request.getOperation();
		}
		return operation == null ? "unknown" : operation.getCode();
	}

	static char action(RestOperationTypeEnum operation) {
		if (operation == null) {
			return 'E';
		}
		return switch (operation) {
			case CREATE -> 'C';
			case READ, VREAD, SEARCH_TYPE, SEARCH_SYSTEM, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM, GET_PAGE,
					METADATA, GRAPHQL_REQUEST -> 'R';
			case UPDATE, PATCH, META_ADD, META_DELETE -> 'U';
			case DELETE -> 'D';
			default -> 'E';
		};
	}

	static int outcome(int status) {
		if (status < 400) {
			return 0;
		}
		return status < 500 ? 4 : 8;
	}

	private Set<String> patientsOf(IBaseResource answer) {
		if (answer instanceof Bundle bundle) {
			Set<String> patients = new LinkedHashSet<>();
			bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource)
					.forEach(entry -> patients.addAll(PatientCompartment.ownersOf(context, entry.getResource())));
			return patients;
		}
		return PatientCompartment.ownersOf(context, answer);
	}

	private static Set<String> patientsOfRequest(RequestDetails request) {
		Set<String> patients = new LinkedHashSet<>();
		if ("Patient".equals(request.getResourceName()) && request.getId() != null && request.getId().hasIdPart()) {
			patients.add(request.getId().getIdPart());
		}
		for (String name : new String[] {"patient", "subject", "subject:Patient"}) {
			String[] values = request.getParameters().get(name);
			if (values == null) {
				continue;
			}
			for (String value : values) {
				for (String one : value.split(",")) {
					IdType id = new IdType(one);
					if (id.hasIdPart() && (!id.hasResourceType() || "Patient".equals(id.getResourceType()))) {
						patients.add(id.getIdPart());
					}
				}
			}
		}
		return patients;
	}

	/** The resource read or written, with its version: the answer's when it is one resource, else the request's. */
	private String resourceRef(RequestDetails request, IBaseResource answer) {
		if (answer != null && !(answer instanceof Bundle) && answer.getIdElement().hasIdPart()
				&& !"OperationOutcome".equals(context.getResourceType(answer))) {
			return context.getResourceType(answer) + "/" + answer.getIdElement().getIdPart()
					+ (answer.getIdElement().hasVersionIdPart() ? "/_history/" + answer.getIdElement().getVersionIdPart() : "");
		}
		if (request.getResourceName() == null || request.getId() == null || !request.getId().hasIdPart()) {
			return null;
		}
		IdType id = new IdType(request.getResourceName(), request.getId().getIdPart(), request.getId().getVersionIdPart());
		return id.getValue();
	}

	private static String query(RequestDetails request) {
		String path = request.getRequestPath();
		String complete = request.getCompleteUrl();
		int question = complete == null ? -1 : complete.indexOf('?');
		return question < 0 ? path : path + complete.substring(question);
	}

	private static String remoteAddress(RequestDetails request) {
		return request instanceof ServletRequestDetails servlet ? servlet.getServletRequest().getRemoteAddr() : null;
	}
}
