package no.fjord.fhir;

import no.fjord.fhir.rest.FhirRestServerConfiguration;
import no.fjord.storage.StorageAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The FHIR R4 REST endpoint at {@code /fhir}, over the storage: one HAPI {@code RestfulServer} assembled
 * from the {@code FhirServerCustomizer} beans every module contributes, with the guards in front of it.
 */
@AutoConfiguration(after = StorageAutoConfiguration.class)
@Import(FhirRestServerConfiguration.class)
public class FhirAutoConfiguration {
}
