package no.fjord.fhir.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.common.web.SearchParameterLimits;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Refuses (400) a request whose parameters, from the URL or a form post, are more than
 * {@link SearchParameterLimits} allow or carry the character U+0000, which PostgreSQL text cannot hold.
 * Runs as soon as HAPI has parsed the parameters, before any handler or database work.
 */
@Interceptor(order = RequestPipeline.SEARCH_PARAMETER_LIMITS)
public final class SearchParameterLimitsInterceptor {

	private final SearchParameterLimits limits;

	public SearchParameterLimitsInterceptor(SearchParameterLimits limits) {
		this.limits = limits;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
	public boolean check(RequestDetails request) {
		Map<String, String[]> parameters = request.getParameters();
		if (parameters == null || parameters.isEmpty()) {
			return true;
		}
		String tooMany = limits.problemIn(parameters);
		if (tooMany != null) {
			throw refused(IssueType.TOOCOSTLY, tooMany);
		}
		parameters.forEach((name, values) -> {
			boolean nul = name.indexOf('\0') >= 0;
			for (String value : values) {
				nul |= value != null && value.indexOf('\0') >= 0;
			}
			if (nul) {
				throw refused(IssueType.INVALID, "The parameter " + name.replace('\0', '?')
						+ " contains the character U+0000, which search values cannot hold");
			}
		});
		return true;
	}

	private static InvalidRequestException refused(IssueType type, String message) {
		InvalidRequestException refused = new InvalidRequestException(message);
		refused.setOperationOutcome(OperationOutcomes.error(type, message));
		return refused;
	}
}
