package no.fjord.consent.hapi;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import no.fjord.common.fhir.RequestPipeline;

/**
 * HAPI's consent interceptor with one change: a request whose caller no blocking names is authorised up
 * front, so it keeps totals, counts, {@code _has} and chained searches, reusable search results, and pays
 * nothing per resource. HAPI's own interceptor would refuse {@code _summary=count} and
 * {@code _total=accurate} to everyone.
 */
@Interceptor(order = RequestPipeline.CONSENT)
public class FjordConsentInterceptor extends ConsentInterceptor {

	private final BlockingConsentService service;

	public FjordConsentInterceptor(BlockingConsentService service) {
		super(service);
		this.service = service;
	}

	@Override
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void interceptPreHandled(RequestDetails request) {
		if (!service.needsFiltering(request)) {
			authorizeRequest(request);
			return;
		}
		super.interceptPreHandled(request);
	}
}
