package no.fjord.security.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.security.scope.SmartScope;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Type-level and system-level history ({@code Observation/_history}, {@code /_history}) only for tokens that
 * read every resource of the type (every type): HAPI cannot narrow a history to a patient's compartment or a
 * query restriction, and its {@code Bundle.total} and pages would count and date everyone's changes.
 * Searches with {@code _lastUpdated} remain, narrowed like every search.
 */
@Interceptor
public class HistoryScopeInterceptor {

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void onlyForReadersOfEverything(RequestDetails request) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		if (operation != RestOperationTypeEnum.HISTORY_TYPE && operation != RestOperationTypeEnum.HISTORY_SYSTEM) {
			return;
		}
		String type = operation == RestOperationTypeEnum.HISTORY_TYPE ? request.getResourceName() : SmartScope.ANY_TYPE;
		SmartAuthorizationInterceptor.currentPrincipal()
				.filter(principal -> !principal.scopes().readsEvery(type))
				.ifPresent(principal -> {
					String message = "History across " + (SmartScope.ANY_TYPE.equals(type) ? "all resources" : "all " + type)
							+ " needs a token that reads every one of them; search with _lastUpdated instead";
					throw new ForbiddenOperationException(message, OperationOutcomes.error(IssueType.FORBIDDEN, message));
				});
	}
}
