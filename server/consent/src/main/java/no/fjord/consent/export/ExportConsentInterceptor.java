package no.fjord.consent.export;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import java.util.Set;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.consent.hapi.BlockingConsentService;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Leaves out of an export every resource the caller who started it may not see. Registered on HAPI's
 * storage interceptors: export jobs run without a request, so REST interceptors never see them.
 */
@Interceptor(order = RequestPipeline.EXPORT_CONSENT)
public class ExportConsentInterceptor {

	private final BlockingConsentService service;
	private final ExportCallers callers;

	public ExportConsentInterceptor(BlockingConsentService service, ExportCallers callers) {
		this.service = service;
		this.callers = callers;
	}

	@Hook(Pointcut.STORAGE_BULK_EXPORT_RESOURCE_INCLUSION)
	public boolean include(BulkExportJobParameters parameters, IBaseResource resource) {
		String owner = parameters.getBinarySecurityContextIdentifierValue();
		Set<String> keys = owner == null ? Set.of() : callers.keysOf(owner);
		return keys.isEmpty() || !service.keeps(keys, resource);
	}
}
