package no.fjord.terminology.operation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import no.fjord.common.fhir.RequestPipeline;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;

/**
 * {@code CodeSystem/$subsumes} of a code with itself is {@code equivalent}
 * (<a href="https://hl7.org/fhir/R4/codesystem-operation-subsumes.html">the operation</a>'s first outcome);
 * HAPI answers {@code not-subsumed}. (Codings given as {@code codingA}/{@code codingB} are left to HAPI.)
 */
@Interceptor(order = RequestPipeline.SUBSUMES_EQUIVALENCE)
public class SubsumesEquivalenceInterceptor {

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void sameCodeIsEquivalent(RequestDetails request, IBaseResource response) {
		if (!"$subsumes".equals(request.getOperation()) || !(response instanceof Parameters parameters)) {
			return;
		}
		Optional<String> codeA = OperationParameters.first(request, "codeA");
		boolean sameCode = codeA.isPresent() && codeA.equals(OperationParameters.first(request, "codeB"));
		if (sameCode && parameters.getParameter("outcome") != null) {
			parameters.getParameter("outcome").setValue(new CodeType("equivalent"));
		}
	}
}
