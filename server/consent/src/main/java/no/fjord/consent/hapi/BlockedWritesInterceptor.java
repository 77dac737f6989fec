package no.fjord.consent.hapi;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import no.fjord.common.fhir.RequestPipeline;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A caller may not change or delete what a blocking keeps from them: to them it does not exist (404),
 * so an update or delete cannot be used to find out it does, nor to lift the blocking itself.
 */
@Interceptor(order = RequestPipeline.BLOCKED_WRITES)
public class BlockedWritesInterceptor {

	private final BlockingConsentService service;

	public BlockedWritesInterceptor(BlockingConsentService service) {
		this.service = service;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void beforeUpdate(IBaseResource previous, IBaseResource updated, RequestDetails request) {
		refuseIfKept(previous, request);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void beforeDelete(IBaseResource deleted, RequestDetails request) {
		refuseIfKept(deleted, request);
	}

	private void refuseIfKept(IBaseResource resource, RequestDetails request) {
		if (request != null && service.keepsFromCaller(request, resource)) {
			throw new ResourceNotFoundException(resource.getIdElement().toUnqualifiedVersionless());
		}
	}
}
