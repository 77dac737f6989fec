package no.fjord.security.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import ca.uhn.fhir.rest.server.interceptor.auth.IRuleApplier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.fhir.ReferencesBySearch;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Match URLs (conditional create, update, patch and delete, and inline references such as
 * {@code Observation?identifier=x}) are searches whose outcome the caller learns: "one matched", "none
 * matched", "several matched", and for a conditional create the match itself. They may only ever match
 * what the caller may read.
 * <ul>
 *   <li>A caller that reads every resource of the type (a user or system scope without query restriction)
 *       uses them freely;</li>
 *   <li>a token with only patient scopes has its conditional URLs narrowed to its patient's compartment
 *       ({@link PatientSearchNarrowing}), also inside transactions;</li>
 *   <li>everything else (inline references of patient tokens, any match URL of tokens with query-restricted
 *       scopes) is refused (403): it cannot be narrowed in the query, and HAPI looks at no more than two
 *       matches, so leaving hidden ones out afterwards would still tell that they exist;</li>
 *   <li>and whatever a match URL finds that the caller may not read is treated as not found (HAPI's
 *       authorization does not check what a conditional write or an inline reference finds).</li>
 * </ul>
 */
@Interceptor(order = RequestPipeline.MATCH_URL_AUTHORIZATION)
public class MatchUrlInterceptor {

	private static final Set<RestOperationTypeEnum> WRITES = Set.of(RestOperationTypeEnum.CREATE,
			RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH, RestOperationTypeEnum.DELETE);

	private final FhirContext context;
	private final IRuleApplier authorization;

	/** @param authorization the rules that decide what the caller may read */
	public MatchUrlInterceptor(FhirContext context, IRuleApplier authorization) {
		this.context = context;
		this.authorization = authorization;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void refuseWhatCannotBeNarrowed(RequestDetails request) {
		Optional<SmartPrincipal> principal = SmartPrincipal.current();
		if (principal.isEmpty() || request.getRestOperationType() == null) {
			return;
		}
		boolean narrowed = PatientSearchNarrowing.narrows(principal.get());
		for (MatchUrl match : matchUrls(request)) {
			if (principal.get().scopes().readsEvery(match.type()) || (narrowed && !match.inline())) {
				continue;
			}
			String message = (match.inline() ? "A reference by search (" + match.type() + "?...)"
					: "A conditional create, update, patch or delete") + " needs a token that reads every "
					+ match.type() + ": it would tell whether data the token may not read matches";
			throw new ForbiddenOperationException(message, OperationOutcomes.error(IssueType.FORBIDDEN, message));
		}
	}

	/**
	 * What a conditional write or inline reference found is shown to HAPI's authorization only inside a
	 * transaction; for the plain writes, hide here what the caller may not read, so it counts as not found.
	 */
	@Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
	public void hideUnreadableMatches(RequestDetails request, IPreResourceShowDetails details) {
		if (request == null || !WRITES.contains(request.getRestOperationType())
				|| SmartPrincipal.current().isEmpty()) {
			return;
		}
		for (int i = 0; i < details.size(); i++) {
			IBaseResource found = details.getResource(i);
			if (found != null && !mayRead(request, found)) {
				details.setResource(i, null);
			}
		}
	}

	private boolean mayRead(RequestDetails request, IBaseResource resource) {
		Verdict verdict = authorization.applyRulesAndReturnDecision(RestOperationTypeEnum.READ, request, null, null,
				resource, Pointcut.STORAGE_PRESHOW_RESOURCES);
		return verdict != null && verdict.getDecision() == PolicyEnum.ALLOW;
	}

	/** A match URL of the request, by the resource type it searches. */
	private record MatchUrl(String type, boolean inline) {
	}

	private List<MatchUrl> matchUrls(RequestDetails request) {
		List<MatchUrl> found = new ArrayList<>();
		RestOperationTypeEnum operation = request.getRestOperationType();
		if (WRITES.contains(operation) && request.getConditionalUrl(operation) != null) {
			found.add(new MatchUrl(request.getResourceName(), false));
		}
		IBaseResource body = request.getResource();
		if (body instanceof Bundle bundle && (operation == RestOperationTypeEnum.TRANSACTION
				|| operation == RestOperationTypeEnum.BATCH)) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				conditionalUrlOf(entry.getRequest()).ifPresent(found::add);
				if (entry.hasResource()) {
					inlineReferences(entry.getResource(), found);
				}
			}
		} else if (body != null) {
			inlineReferences(body, found);
		}
		return found;
	}

	private static Optional<MatchUrl> conditionalUrlOf(Bundle.BundleEntryRequestComponent entry) {
		String url = entry.getUrl();
		if (url == null || entry.getMethod() == null) {
			return Optional.empty();
		}
		boolean conditional = switch (entry.getMethod()) {
			case POST -> entry.hasIfNoneExist();
			case PUT, PATCH, DELETE -> url.contains("?");
			default -> false;
		};
		return conditional ? Optional.of(new MatchUrl(typeOf(url), false)) : Optional.empty();
	}

	private void inlineReferences(IBaseResource resource, List<MatchUrl> found) {
		ReferencesBySearch.in(context, resource).forEach(search -> found.add(new MatchUrl(typeOf(search), true)));
	}

	/** {@code Observation} of {@code Observation?code=x}, {@code /Observation?...} or an absolute URL. */
	private static String typeOf(String url) {
		String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return path.substring(path.lastIndexOf('/') + 1);
	}
}
