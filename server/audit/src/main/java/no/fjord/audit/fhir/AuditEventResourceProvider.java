package no.fjord.audit.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import no.fjord.common.access.PatientsHiddenFromCaller;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * AuditEvent over FHIR, read-only: read and search of the audit trail. Create, update and delete answer
 * 405 (patch is not offered at all); AuditEvents cannot be written through the API by anyone. {@code exclude-agent} leaves out one agent's events, so a patient can hide their own.
 * A reader whom a patient's blocking names sees none of that patient's events (they name the blocked data
 * and the blocking itself): left out of searches, "not known" when read.
 */
public final class AuditEventResourceProvider implements IResourceProvider {

	private static final int DEFAULT_COUNT = 50;
	private static final int MAX_COUNT = 500;

	private final AuditTrailSearch trail;
	private final AgentNames names;
	private final PatientsHiddenFromCaller hidden;

	/** @param hidden whose events the reader may not see: patients whose blockings name them */
	public AuditEventResourceProvider(AuditTrailSearch trail, AgentNames names, PatientsHiddenFromCaller hidden) {
		this.trail = trail;
		this.names = names;
		this.hidden = hidden;
	}

	@Override
	public Class<AuditEvent> getResourceType() {
		return AuditEvent.class;
	}

	@Create
	public MethodOutcome create(@ResourceParam AuditEvent event) {
		throw AuditEventWritesInterceptor.refusal();
	}

	@Update
	public MethodOutcome update(@IdParam IdType id, @ResourceParam AuditEvent event) {
		throw AuditEventWritesInterceptor.refusal();
	}

	@Delete
	public MethodOutcome delete(@IdParam IdType id) {
		throw AuditEventWritesInterceptor.refusal();
	}

	@Read
	public AuditEvent read(@IdParam IdType id, RequestDetails request) {
		long number;
		try {
			number = Long.parseLong(id.getIdPart());
		} catch (NumberFormatException notANumber) {
			throw new ResourceNotFoundException(id);
		}
		Set<String> hiddenPatients = hidden.of(request);
		return trail.byId(number)
				.filter(stored -> stored.record().patients().stream().noneMatch(hiddenPatients::contains))
				.map(stored -> AuditEventRendering.render(stored, onlyPatientOfReader(), names::of))
				.orElseThrow(() -> new ResourceNotFoundException(id));
	}

	@Search(allowUnknownParams = false)
	public IBundleProvider search(
			@OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceAndListParam patients,
			@OptionalParam(name = AuditEvent.SP_AGENT) ReferenceOrListParam agents,
			@OptionalParam(name = "exclude-agent") ReferenceOrListParam excludedAgents,
			@OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
			@OptionalParam(name = AuditEvent.SP_ACTION) TokenOrListParam actions,
			@OptionalParam(name = AuditEvent.SP_OUTCOME) TokenOrListParam outcomes,
			@OptionalParam(name = "purpose") TokenOrListParam purposes,
			@Offset Integer offset, @Count Integer count, RequestDetails request) {
		Set<String> hiddenPatients = hidden.of(request);
		List<List<String>> patientGroups = new ArrayList<>();
		if (patients != null) {
			for (ReferenceOrListParam anyOf : patients.getValuesAsQueryTokens()) {
				List<String> ids = anyOf.getValuesAsQueryTokens().stream().map(ReferenceParam::getIdPart)
						.filter(id -> !hiddenPatients.contains(id)).toList();
				if (ids.isEmpty()) {
					return new SimpleBundleProvider(); // only hidden patients asked for: not even their exports of everyone
				}
				patientGroups.add(ids);
			}
		}
		AuditTrailSearch.Criteria criteria = new AuditTrailSearch.Criteria(patientGroups, references(agents),
				references(excludedAgents), date == null || date.getLowerBoundAsInstant() == null ? null
						: date.getLowerBoundAsInstant().toInstant(),
				date == null || date.getUpperBoundAsInstant() == null ? null : date.getUpperBoundAsInstant().toInstant(),
				codes(actions), codes(outcomes).stream().map(AuditEventResourceProvider::outcome).toList(), codes(purposes),
				List.copyOf(hiddenPatients));
		int pageSize = count == null ? DEFAULT_COUNT : Math.min(Math.max(count, 0), MAX_COUNT);
		int start = offset == null ? 0 : Math.max(offset, 0);
		String onlyPatient = onlyPatientOfReader();
		List<IBaseResource> page = new ArrayList<>();
		trail.find(criteria, start, pageSize).forEach(stored -> page.add(AuditEventRendering.render(stored, onlyPatient, names::of)));
		SimpleBundleProvider result = new SimpleBundleProvider(page);
		result.setCurrentPageOffset(start);
		result.setCurrentPageSize(pageSize);
		result.setSize(trail.count(criteria));
		return result;
	}

	/** The one patient a patient or relative may see in an event; {@code null} for personnel and systems. */
	static String onlyPatientOfReader() {
		Optional<SmartPrincipal> principal = SmartPrincipal.current();
		Optional<String> userType = principal.flatMap(SmartPrincipal::userType);
		if (userType.filter("Patient"::equals).isPresent()) {
			return new IdType(principal.get().fhirUser().get()).getIdPart();
		}
		if (userType.filter("RelatedPerson"::equals).isPresent()) {
			return principal.get().patient().orElse("");
		}
		return null;
	}

	private static List<String> references(ReferenceOrListParam references) {
		if (references == null) {
			return List.of();
		}
		return references.getValuesAsQueryTokens().stream().map(ReferenceParam::getValue).toList();
	}

	private static List<String> codes(TokenOrListParam tokens) {
		return tokens == null ? List.of() : tokens.getValuesAsQueryTokens().stream().map(TokenParam::getValue).toList();
	}

	private static int outcome(String code) {
		try {
			return Integer.parseInt(code);
		} catch (NumberFormatException notANumber) {
			String message = "outcome must be 0, 4, 8 or 12";
			throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message));
		}
	}
}
