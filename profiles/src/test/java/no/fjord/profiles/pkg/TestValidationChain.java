package no.fjord.profiles.pkg;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity;
import ca.uhn.fhir.validation.FhirValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * The validation chain the tests use: the R4 core definitions from {@code hapi-fhir-validation-resources-r4},
 * Fjord's package as the build packed it, in-memory terminology and snapshot generation. No terminology
 * server and no package registry: Fjord's terminology content (Volven lists, no-basis code systems) is
 * loaded as the server loads it; LOINC and other licensed code systems are not available, so codes from
 * them are reported as warnings, while membership in the value sets Fjord defines is still checked.
 *
 * <p>{@code CachingValidationSupport} is deprecated in HAPI 8: {@link ValidationSupportChain} caches
 * by itself.
 */
final class TestValidationChain {

	/** Where the build puts the package (see the maven-antrun-plugin execution in profiles/pom.xml). */
	static final String PACKAGE_LOCATION = "classpath:no/fjord/profiles/fjord.fhir.no.tgz";
	private static final String TERMINOLOGY_CONTENT = "no/fjord/terminology/content";

	private final FhirContext fhirContext;
	private final NpmPackageValidationSupport fjordPackage;
	private final ValidationSupportChain chain;

	private TestValidationChain(FhirContext fhirContext, NpmPackageValidationSupport fjordPackage,
			ValidationSupportChain chain) {
		this.fhirContext = fhirContext;
		this.fjordPackage = fjordPackage;
		this.chain = chain;
	}

	static TestValidationChain load(FhirContext fhirContext) {
		NpmPackageValidationSupport fjordPackage = new NpmPackageValidationSupport(fhirContext);
		try {
			fjordPackage.loadPackageFromClasspath(PACKAGE_LOCATION);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
				new UnknownCodeSystemWarningValidationSupport(fhirContext);
		unknownCodeSystems.setNonExistentCodeSystemSeverity(IssueSeverity.WARNING);
		// Order matters: the in-memory terminology service must decide value-set membership before the
		// unknown-code-system module, which would otherwise accept any code of an unknown system.
		ValidationSupportChain chain = new ValidationSupportChain(
				new DefaultProfileValidationSupport(fhirContext),
				fjordPackage,
				terminologyContent(fhirContext),
				new CommonCodeSystemsTerminologyService(fhirContext),
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new SnapshotGeneratingValidationSupport(fhirContext),
				unknownCodeSystems);
		return new TestValidationChain(fhirContext, fjordPackage, chain);
	}

	/** Fjord's terminology content (module {@code terminology}), as the server loads it at start-up. */
	private static PrePopulatedValidationSupport terminologyContent(FhirContext fhirContext) {
		PrePopulatedValidationSupport content = new PrePopulatedValidationSupport(fhirContext);
		try {
			URI folder = TestValidationChain.class.getClassLoader().getResource(TERMINOLOGY_CONTENT).toURI();
			try (FileSystem jar = folder.getScheme().equals("jar") ? FileSystems.newFileSystem(folder, Map.of()) : null;
					Stream<Path> files = Files.list(Path.of(folder))) {
				for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
					content.addResource(fhirContext.newJsonParser().parseResource(Files.readString(file)));
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
		return content;
	}

	/** Fjord's package alone: the definitions exactly as packed, differential only. */
	NpmPackageValidationSupport fjordPackage() {
		return fjordPackage;
	}

	ValidationSupportChain chain() {
		return chain;
	}

	FhirValidator newValidator() {
		FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
		FhirValidator validator = fhirContext.newValidator();
		validator.registerValidatorModule(instanceValidator);
		return validator;
	}
}
