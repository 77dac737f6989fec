package no.fjord.terminology.operation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.fhir.RequestPipeline;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;

/**
 * {@code CodeSystem/$lookup} of a code in a system the server does not hold is a 404. The validation chain
 * reports such codes as "found" (with nothing known about them) so that resources using them validate with
 * a warning; a lookup answers with a code system name whenever it found the code, so an answer without
 * name and display is that placeholder.
 */
@Interceptor(order = RequestPipeline.UNKNOWN_SYSTEM_LOOKUP)
public class UnknownSystemLookupInterceptor {

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void refusePlaceholder(RequestDetails request, IBaseResource response) {
		if (!"$lookup".equals(request.getOperation()) || !(response instanceof Parameters parameters)) {
			return;
		}
		if (isEmpty(parameters, "name") && isEmpty(parameters, "display")) {
			String message = "Unable to find code " + OperationParameters.first(request, "code").orElse("(none)")
					+ " in system " + OperationParameters.first(request, "system").orElse("(none)");
			throw new ResourceNotFoundException(message, OperationOutcomes.error(IssueType.NOTFOUND, message));
		}
	}

	private static boolean isEmpty(Parameters parameters, String name) {
		return parameters.getParameter(name) == null || parameters.getParameter(name).getValue() == null
				|| parameters.getParameter(name).getValue().isEmpty();
	}
}
