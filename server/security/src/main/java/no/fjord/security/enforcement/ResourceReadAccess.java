package no.fjord.security.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import java.util.Optional;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Whether a caller's token would let them read a resource, decided by the very rules a FHIR read is
 * decided by ({@link SmartAuthorizationInterceptor}): for work done on a caller's behalf outside their
 * request, such as a notification sent to a subscriber long after the subscription was made.
 */
public final class ResourceReadAccess {

	private static final String PRINCIPAL = ResourceReadAccess.class.getName() + ".principal";

	private final SmartAuthorizationInterceptor rules = new SmartAuthorizationInterceptor();
	private final RestfulServer server;

	public ResourceReadAccess(FhirContext context, IAuthorizationSearchParamMatcher matcher) {
		rules.setAuthorizationSearchParamMatcher(matcher);
		// HAPI's rules read the FHIR context from the request's server; no request reaches this one.
		this.server = new RestfulServer(context);
	}

	public boolean allows(SmartPrincipal principal, IBaseResource resource) {
		SystemRequestDetails request = new SystemRequestDetails();
		request.setServer(server);
		request.setFhirContext(server.getFhirContext());
		request.getUserData().put(PRINCIPAL, principal);
		request.setResourceName(resource.fhirType());
		request.setRestOperationType(RestOperationTypeEnum.READ);
		return rules.applyRulesAndReturnDecision(RestOperationTypeEnum.READ, request, null, null, resource,
				Pointcut.STORAGE_PRESHOW_RESOURCES).getDecision() == PolicyEnum.ALLOW;
	}

	/** The caller a decision is made for, when it is not the caller of the request running. */
	static Optional<SmartPrincipal> principalOf(RequestDetails request) {
		return request == null ? Optional.empty() : Optional.ofNullable((SmartPrincipal) request.getUserData().get(PRINCIPAL));
	}
}
