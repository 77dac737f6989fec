package no.fjord.profiles.pkg;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.CodeSystem;

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
	private final Set<String> codeSystemUrls;

	private TestValidationChain(FhirContext fhirContext, NpmPackageValidationSupport fjordPackage,
			ValidationSupportChain chain, Set<String> codeSystemUrls) {
		this.fhirContext = fhirContext;
		this.fjordPackage = fjordPackage;
		this.chain = chain;
		this.codeSystemUrls = codeSystemUrls;
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
		PrePopulatedValidationSupport terminologyContent = terminologyContent(fhirContext);
		ValidationSupportChain chain = new ValidationSupportChain(
				new DefaultProfileValidationSupport(fhirContext),
				fjordPackage,
				terminologyContent,
				new CommonCodeSystemsTerminologyService(fhirContext),
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new SnapshotGeneratingValidationSupport(fhirContext),
				unknownCodeSystems);
		Set<String> codeSystemUrls = terminologyContent.fetchAllConformanceResources().stream()
				.filter(CodeSystem.class::isInstance).map(resource -> ((CodeSystem) resource).getUrl())
				.collect(Collectors.toUnmodifiableSet());
		return new TestValidationChain(fhirContext, fjordPackage, chain, codeSystemUrls);
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

	/**
	 * The messages the server reports: like {@code SharedUrlIssueFilter} in {@code server/profiles}, without the
	 * validator's "The Coding references a value set" for a system that is also a CodeSystem (Volven's
	 * convention: a code list's CodeSystem and ValueSet share the {@code urn:oid}).
	 */
	ValidationResult asTheServerReports(ValidationResult result) {
		return new ValidationResult(fhirContext, result.getMessages().stream()
				.filter(message -> !("Terminology_TX_System_ValueSet2".equals(message.getMessageId())
						&& codeSystemUrls.stream().anyMatch(url -> message.getMessage().contains("'" + url + "'"))))
				.toList());
	}

	FhirValidator newValidator() {
		FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
		FhirValidator validator = fhirContext.newValidator();
		validator.registerValidatorModule(instanceValidator);
		return validator;
	}
}
