package no.fjord.common.fhir;

import ca.uhn.fhir.interceptor.api.IInterceptorService;

/**
 * How a module hangs interceptors on HAPI's storage (the JPA DAOs): they see every write, read and export
 * job, with or without a REST request (transactions, batch jobs, start-up content). Each module declares
 * beans of this type; the storage module registers them all in one place, once, before the server takes
 * requests. Where they run relative to the REST interceptors is given by {@link RequestPipeline}.
 */
@FunctionalInterface
public interface FhirStorageCustomizer {

	void customize(IInterceptorService storage);
}
