package no.fjord.security.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Optional;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.security.scope.SmartScope;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Type-level and system-level history ({@code Observation/_history}, {@code /_history}) only for tokens that
 * read every resource of the type (every type): HAPI cannot narrow a history to a patient's compartment or a
 * query restriction, and its {@code Bundle.total} and pages would count and date everyone's changes.
 * Also as GET entries of a batch or transaction. Searches with {@code _lastUpdated} remain, narrowed like
 * every search.
 */
@Interceptor(order = RequestPipeline.HISTORY_SCOPES)
public class HistoryScopeInterceptor {

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void onlyForReadersOfEverything(RequestDetails request) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		if (operation == RestOperationTypeEnum.HISTORY_TYPE) {
			check(request.getResourceName());
		} else if (operation == RestOperationTypeEnum.HISTORY_SYSTEM) {
			check(SmartScope.ANY_TYPE);
		} else if (request.getResource() instanceof Bundle bundle) {
			// batch and transaction GET entries run without this hook
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				historyType(entry.getRequest()).ifPresent(HistoryScopeInterceptor::check);
			}
		}
	}

	/** {@code Observation} of a GET {@code Observation/_history?...}, {@code *} of {@code _history}. */
	private static Optional<String> historyType(Bundle.BundleEntryRequestComponent entry) {
		if (entry.getMethod() != Bundle.HTTPVerb.GET || !entry.hasUrl()) {
			return Optional.empty();
		}
		String[] path = entry.getUrl().split("\\?", 2)[0].replaceAll("^/+|/+$", "").split("/");
		if (path.length == 1 && "_history".equals(path[0])) {
			return Optional.of(SmartScope.ANY_TYPE);
		}
		return path.length == 2 && "_history".equals(path[1]) ? Optional.of(path[0]) : Optional.empty();
	}

	private static void check(String type) {
		SmartPrincipal.current()
				.filter(principal -> !principal.scopes().readsEvery(type))
				.ifPresent(principal -> {
					String message = "History across " + (SmartScope.ANY_TYPE.equals(type) ? "all resources" : "all " + type)
							+ " needs a token that reads every one of them; search with _lastUpdated instead";
					throw new ForbiddenOperationException(message, OperationOutcomes.error(IssueType.FORBIDDEN, message));
				});
	}
}
