package no.fjord.consent.hapi;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOperationStatusEnum;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import no.fjord.common.fhir.RequestPipeline;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * An operation on one resource ({@code Observation/1/$meta}, {@code $meta-add}, {@code $meta-delete},
 * {@code $validate}, any {@code [type]/[id]/$op}) acts on data HAPI's consent hooks never see: HAPI skips
 * {@code $meta} altogether, and the others read and change the stored resource without showing it. So the
 * resource is decided on first, as a read would be: hidden from the caller, it is "not known" (404).
 * {@code $everything} is left out: it shows only what passes the decision, resource by resource.
 *
 * <p>Runs after {@link FjordConsentInterceptor} ({@link RequestPipeline}), which tells whether a blocking names the caller.
 */
@Interceptor(order = RequestPipeline.BLOCKED_INSTANCE_OPERATIONS)
public class BlockedInstanceOperationsInterceptor {

	private static final String EVERYTHING = "$everything";

	private final BlockingConsentService service;
	private final DaoRegistry daos;

	public BlockedInstanceOperationsInterceptor(BlockingConsentService service, DaoRegistry daos) {
		this.service = service;
		this.daos = daos;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void beforeInstanceOperation(RequestDetails request) {
		IIdType id = request.getId();
		if (request.getRestOperationType() != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
				|| EVERYTHING.equals(request.getOperation()) || id == null || !id.hasIdPart()
				|| service.namedCaller(request).isEmpty() || !daos.isResourceTypeSupported(request.getResourceName())) {
			return;
		}
		IBaseResource resource;
		try {
			resource = daos.getResourceDao(request.getResourceName())
					.read(id.withResourceType(request.getResourceName()), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException missing) {
			return; // HAPI answers for what is not there
		}
		if (service.canSeeResource(request, resource, IConsentContextServices.NULL_IMPL).getStatus()
				== ConsentOperationStatusEnum.REJECT) {
			throw new ResourceNotFoundException(id.withResourceType(request.getResourceName()).toUnqualifiedVersionless());
		}
	}
}
