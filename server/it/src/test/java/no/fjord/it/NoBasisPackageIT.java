package no.fjord.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * HL7 Norway's no-basis examples against a server that installed HL7 Norway's published package
 * {@code hl7.fhir.no.basis#2.2.0}, packed here from the published files (test resources
 * {@code no-basis-2.2.0/package}): the examples keep their no-basis {@code meta.profile}, and Fjord's
 * required profiles apply as well. A server of its own (failsafe execution {@code own-servers}), closed after
 * the class, because installing the package would change what the shared server's other tests see.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NoBasisPackageIT extends NoBasisExampleChecks {

	@DynamicPropertySource
	static void officialPackage(DynamicPropertyRegistry registry) {
		try {
			Path dir = Files.createDirectories(Path.of("target", "it-data", "no-basis-package"));
			Path tgz = TestPackages.of(NoBasisExamples.FOLDER.resolve("package"), dir.resolve("hl7.fhir.no.basis-2.2.0.tgz"));
			registry.add("fjord.profiles.packages", tgz::toString);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	IBaseResource prepare(IBaseResource example) {
		return example;
	}
}
