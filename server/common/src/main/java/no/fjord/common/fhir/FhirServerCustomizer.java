package no.fjord.common.fhir;

import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * How a module contributes to the FHIR REST endpoint: each module declares beans of this type that
 * register its providers and request interceptors, and the REST server applies them all, in
 * {@link org.springframework.core.annotation.Order} order, when it builds the one {@link RestfulServer}.
 * Interceptors carry their place in the pipeline themselves ({@link RequestPipeline}), so the order of
 * customizers only matters for providers.
 */
@FunctionalInterface
public interface FhirServerCustomizer {

	void customize(RestfulServer server);
}
