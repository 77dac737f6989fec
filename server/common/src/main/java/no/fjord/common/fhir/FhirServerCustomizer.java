package no.fjord.common.fhir;

import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * How a module contributes to the FHIR endpoint: each module declares a bean of this type that
 * registers its providers and interceptors, and the storage module applies them all, in
 * {@link org.springframework.core.annotation.Order} order, when it builds the one {@link RestfulServer}.
 */
@FunctionalInterface
public interface FhirServerCustomizer {

	void customize(RestfulServer server);
}
