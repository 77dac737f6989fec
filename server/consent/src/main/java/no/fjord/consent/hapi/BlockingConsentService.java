package no.fjord.consent.hapi;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import ca.uhn.fhir.util.UrlUtil;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import no.fjord.common.access.ConsentFindings;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.fhir.PatientCompartment;
import no.fjord.common.fhir.ReferencesBySearch;
import no.fjord.common.fhir.SearchParameterNames;
import no.fjord.consent.blocking.ActiveBlockings;
import no.fjord.consent.blocking.Blocking;
import no.fjord.consent.blocking.BlockingDecision;
import no.fjord.consent.blocking.ResourceDataFacts;
import no.fjord.consent.caller.Caller;
import no.fjord.consent.caller.CallerResolver;
import no.fjord.consent.emergency.EmergencyAccessWindows;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The one place that decides whether a patient's blockings keep a resource from a caller: for REST
 * (through HAPI's consent hooks), for Bulk Data export and for anything else that hands data out.
 *
 * <p>Most callers are named in no blocking; {@link #needsFiltering} tells them apart once per request, so
 * only named callers pay for per-resource decisions. For those, blocked resources are left out of every
 * answer (a read is "not known"), searches cannot be counted ({@code _summary=count},
 * {@code _total=accurate}) and cannot look through other resources ({@code _has}, chained parameters),
 * and writes cannot be conditional, since each would reveal what was left out. A token acting for a person
 * who is not named in it is refused: blockings could not be checked against it (fail closed).
 */
public final class BlockingConsentService implements IConsentService {

	/** The request header by which health personnel state why they need emergency access. */
	public static final String EMERGENCY_ACCESS_HEADER = "Fjord-Emergency-Access";
	private static final int MAX_REASON_LENGTH = 500;
	private static final String FILTERED = BlockingConsentService.class.getName() + ".filtered";

	/** A request whose caller some blocking names: who they are and the emergency they stated, if any. */
	private record Filtered(Caller caller, String emergencyReason) {
	}

	private final FhirContext context;
	private final ActiveBlockings blockings;
	private final CallerResolver callers;
	private final EmergencyAccessWindows emergencyAccess;
	private final Clock clock;

	public BlockingConsentService(FhirContext context, ActiveBlockings blockings, CallerResolver callers,
			EmergencyAccessWindows emergencyAccess, Clock clock) {
		this.context = context;
		this.blockings = blockings;
		this.callers = callers;
		this.emergencyAccess = emergencyAccess;
		this.clock = clock;
	}

	/**
	 * Whether blockings may keep anything from this request's caller. Checks a stated emergency first: only
	 * health personnel whose token has the emergency-access scope may state one.
	 */
	public boolean needsFiltering(RequestDetails request) {
		Optional<SmartPrincipal> principal = SmartPrincipal.current();
		String reason = emergencyReason(request);
		if (principal.isEmpty()) {
			return false; // authentication is off: there is nobody to block
		}
		if (CallerResolver.actsForUnnamedPerson(principal.get())
				&& request.getRestOperationType() != RestOperationTypeEnum.METADATA) {
			// Fail closed: a person no blocking can be checked against would see everything.
			String message = "The token names no user (fhirUser, or an HPR number for health personnel): "
					+ "user/ and patient/ scopes need one, so that patients' blockings can be applied";
			throw new ForbiddenOperationException(message, OperationOutcomes.error(IssueType.FORBIDDEN, message));
		}
		if (reason != null && !callers.mayUseEmergencyAccess(principal.get())) {
			throw new ForbiddenOperationException("Emergency access (" + EMERGENCY_ACCESS_HEADER
					+ ") is for health personnel whose token has the " + CallerResolver.EMERGENCY_ACCESS_SCOPE + " scope",
					OperationOutcomes.error(IssueType.FORBIDDEN, "Emergency access is not granted to this caller"));
		}
		if (principal.get().userType().filter("Patient"::equals).isPresent() || blockings.isEmpty()) {
			return false;
		}
		Caller caller = callers.resolve(principal.get());
		if (!blockings.namesAnyOf(caller.keys())) {
			return false;
		}
		request.getUserData().put(FILTERED, new Filtered(caller, reason));
		return true;
	}

	/** The caller of this request when some blocking names them (so their request is filtered). */
	public Optional<Caller> namedCaller(RequestDetails request) {
		return Optional.ofNullable((Filtered) request.getUserData().get(FILTERED)).map(Filtered::caller);
	}

	/** Whether blockings keep this resource from a caller, outside any request (export, notifications). */
	public boolean keeps(Set<String> callerKeys, IBaseResource resource) {
		return patientsOf(resource).stream()
				.anyMatch(patient -> blockingOf(patient, callerKeys, resource).isPresent());
	}

	@Override
	public ConsentOutcome startOperation(RequestDetails request, IConsentContextServices services) {
		request.getParameters().forEach(BlockingConsentService::refuseRevealingParameter);
		// A conditional write answers "found one" or "found none", whether or not the caller may see it.
		if (isConditional(request)) {
			throw notAvailable("A conditional create, update, patch or delete");
		}
		refuseReferencesBySearch(request, request.getResource());
		if (request.getResource() instanceof Bundle bundle) {
			bundle.getEntry().forEach(entry -> {
				refuseRevealingEntry(entry.getRequest());
				refuseReferencesBySearch(request, entry.getResource());
			});
		}
		return ConsentOutcome.PROCEED;
	}

	/**
	 * A reference by search ({@code Observation?identifier=...}) is resolved by the server: whether the
	 * write succeeds, and the id stored, would tell what the search found, hidden data included.
	 */
	private static void refuseReferencesBySearch(RequestDetails request, IBaseResource resource) {
		if (resource == null || resource instanceof Bundle) {
			return;
		}
		if (!ReferencesBySearch.in(request.getFhirContext(), resource).isEmpty()) {
			throw notAvailable("A reference by search");
		}
	}

	/** What would count or match hidden data: {@code _has}, chains, {@code _summary=count}, {@code _total=accurate}. */
	private static void refuseRevealingParameter(String name, String[] values) {
		if (SearchParameterNames.reachesOtherResources(name)) {
			throw notAvailable(name);
		}
		// ConsentInterceptor refuses these on the request itself; batch entries come here too.
		if (("_summary".equals(name) && Arrays.asList(values).contains("count"))
				|| ("_total".equals(name) && Arrays.asList(values).contains("accurate"))) {
			throw notAvailable(name + "=" + String.join(",", values));
		}
	}

	private static void refuseRevealingEntry(Bundle.BundleEntryRequestComponent entry) {
		boolean conditionalWrite = entry.hasIfNoneExist() || (entry.getMethod() != Bundle.HTTPVerb.GET
				&& entry.getMethod() != Bundle.HTTPVerb.POST && entry.hasUrl() && entry.getUrl().contains("?"));
		if (conditionalWrite) {
			throw notAvailable("A conditional create, update, patch or delete");
		}
		if (entry.getMethod() == Bundle.HTTPVerb.GET && entry.hasUrl() && entry.getUrl().contains("?")) {
			UrlUtil.parseQueryString(entry.getUrl().substring(entry.getUrl().indexOf('?') + 1))
					.forEach(BlockingConsentService::refuseRevealingParameter);
		}
	}

	private static boolean isConditional(RequestDetails request) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		if (request.getHeader(Constants.HEADER_IF_NONE_EXIST) != null) {
			return true;
		}
		boolean write = operation == RestOperationTypeEnum.UPDATE || operation == RestOperationTypeEnum.DELETE
				|| operation == RestOperationTypeEnum.PATCH;
		return write && (request.getId() == null || !request.getId().hasIdPart());
	}

	private static InvalidRequestException notAvailable(String what) {
		String message = what + " is not available to this caller";
		return new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message));
	}

	@Override
	public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource,
			IConsentContextServices services) {
		Filtered filtered = (Filtered) request.getUserData().get(FILTERED);
		if (filtered == null) {
			return ConsentOutcome.PROCEED;
		}
		Caller caller = filtered.caller();
		for (String patient : patientsOf(resource)) {
			if (blockingOf(patient, caller.keys(), resource).isEmpty()) {
				continue;
			}
			Optional<EmergencyAccessWindows.Window> window = emergencyAccess.openFor(caller.id(), patient);
			if (window.isEmpty() && filtered.emergencyReason() != null) {
				window = Optional.of(emergencyAccess.open(caller.id(), patient, filtered.emergencyReason()));
			}
			if (window.isPresent()) {
				ConsentFindings.of(request).emergencyAccess(patient, window.get().reason());
				continue;
			}
			ConsentFindings.of(request).withheld(patient);
			return ConsentOutcome.REJECT;
		}
		return ConsentOutcome.PROCEED;
	}

	/**
	 * A page of stored search results ({@code _getpages}) is shown without {@link #canSeeResource}: HAPI
	 * decides per resource only when the search runs, which may be before a blocking was made. The same
	 * decision again, then. Elsewhere {@link #canSeeResource} has already decided on what is shown.
	 */
	@Override
	public ConsentOutcome willSeeResource(RequestDetails request, IBaseResource resource,
			IConsentContextServices services) {
		if (request.getRestOperationType() != RestOperationTypeEnum.GET_PAGE) {
			return ConsentOutcome.PROCEED;
		}
		return canSeeResource(request, resource, services);
	}

	/** Whether the caller of this (filtered) request may not see this resource, without opening emergency access. */
	public boolean keepsFromCaller(RequestDetails request, IBaseResource resource) {
		Filtered filtered = (Filtered) request.getUserData().get(FILTERED);
		return filtered != null && patientsOf(resource).stream().anyMatch(patient ->
				blockingOf(patient, filtered.caller().keys(), resource).isPresent()
						&& emergencyAccess.openFor(filtered.caller().id(), patient).isEmpty());
	}

	private Optional<Blocking> blockingOf(String patient, Set<String> callerKeys, IBaseResource resource) {
		List<Blocking> ofPatient = blockings.of(patient);
		if (ofPatient.isEmpty()) {
			return Optional.empty();
		}
		return BlockingDecision.blockingOf(ofPatient, callerKeys, new ResourceDataFacts(context, resource),
				clock.instant());
	}

	private Set<String> patientsOf(IBaseResource resource) {
		return PatientCompartment.ownersOf(context, resource);
	}

	/** The reason stated for emergency access, or {@code null}; a blank or overlong one is refused. */
	static String emergencyReason(RequestDetails request) {
		String reason = request.getHeader(EMERGENCY_ACCESS_HEADER);
		if (reason == null) {
			return null;
		}
		String trimmed;
		try {
			// Header values are ASCII: other characters come percent-encoded as UTF-8 ("Bevisstl%C3%B8s").
			trimmed = URLDecoder.decode(reason.replace("+", "%2B"), StandardCharsets.UTF_8).strip();
		} catch (IllegalArgumentException badEncoding) {
			trimmed = "";
		}
		if (trimmed.isEmpty() || trimmed.length() > MAX_REASON_LENGTH) {
			String message = EMERGENCY_ACCESS_HEADER + " must state the reason (1-" + MAX_REASON_LENGTH
					+ " characters, percent-encoded UTF-8 beyond ASCII)";
			throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message));
		}
		return trimmed;
	}
}
