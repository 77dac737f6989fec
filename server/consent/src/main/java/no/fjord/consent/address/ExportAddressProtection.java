package no.fjord.consent.address;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import no.fjord.common.fhir.RequestPipeline;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Bulk Data exports carry no protected address, whoever asked: the file is written after the caller has
 * gone, and registries have no use for it. Registered on HAPI's storage interceptors, where export jobs
 * announce each resource before writing it.
 */
@Interceptor(order = RequestPipeline.EXPORT_ADDRESS_PROTECTION)
public class ExportAddressProtection {

	@Hook(Pointcut.STORAGE_BULK_EXPORT_RESOURCE_INCLUSION)
	public boolean beforeExport(BulkExportJobParameters parameters, IBaseResource resource) {
		if (AddressProtectionInterceptor.isProtected(resource)) {
			AddressProtectionInterceptor.strip(resource);
		}
		return true;
	}
}
