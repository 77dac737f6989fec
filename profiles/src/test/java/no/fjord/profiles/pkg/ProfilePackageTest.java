package no.fjord.profiles.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import ca.uhn.hapi.converters.canonical.VersionCanonicalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.validator.ProfileKnowledgeWorkerR5;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ElementDefinition.ConstraintSeverity;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Fjord's profile package as the server loads it: the tgz that the build packed, read from the
 * classpath. Every StructureDefinition must give a snapshot without errors, every example under
 * {@code examples/profiles/valid} must validate without errors, and every example under
 * {@code examples/profiles/invalid} must give exactly the errors its {@code .expected.json} lists.
 *
 * @see <a href="https://hl7.org/fhir/R4/profiling.html#snapshot">FHIR R4 profiling: snapshot and differential</a>
 * @see <a href="https://hl7.org/fhir/R4/validation.html">FHIR R4 validation</a>
 */
class ProfilePackageTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final String CANONICAL = "https://fjord-fhir.no/fhir";
	private static final Path PACKAGE_SOURCE = Path.of(System.getProperty("user.dir")).resolve("package");
	private static final Path EXAMPLES =
			Path.of(System.getProperty("user.dir")).resolve("../examples/profiles").normalize();

	private static TestValidationChain validation;
	private static FhirValidator validator;

	@BeforeAll
	static void loadPackage() {
		validation = TestValidationChain.load(FHIR);
		validator = validation.newValidator();
	}

	@Test
	void theBuiltPackageIsAnNpmPackageHoldingEveryDefinitionUnderPackage() throws IOException {
		NpmPackage npm;
		try (InputStream tgz = ProfilePackageTest.class.getResourceAsStream("/no/fjord/profiles/fjord.fhir.no.tgz")) {
			assertThat(tgz).as("the build puts the package on the classpath").isNotNull();
			npm = NpmPackage.fromPackage(tgz);
		}

		assertThat(npm.name()).isEqualTo("fjord.fhir.no");
		assertThat(npm.version()).isEqualTo("0.4.0");
		assertThat(npm.canonical()).isEqualTo(CANONICAL);
		assertThat(npm.fhirVersion()).isEqualTo("4.0.1");
		assertThat(npm.getFolders()).containsKey("package");
		try (Stream<Path> sources = Files.list(PACKAGE_SOURCE)) {
			Set<String> sourceFiles = sources.map(path -> path.getFileName().toString())
					.filter(name -> name.endsWith(".json") && !name.equals("package.json"))
					.collect(Collectors.toCollection(TreeSet::new));
			assertThat(new TreeSet<>(npm.getFolders().get("package").listFiles()))
					.as("package/ in the tgz holds exactly the definitions in profiles/package/")
					.isEqualTo(sourceFiles);
		}
	}

	@Test
	void everyStructureDefinitionIsAnErrorLevelDifferential() {
		assertThat(structureDefinitions()).isNotEmpty().allSatisfy(sd -> {
			assertThat(sd.getIdPart()).startsWith("fjord-").matches("[a-z0-9-]+");
			assertThat(sd.getFhirVersion().toCode()).isEqualTo("4.0.1");
			assertThat(sd.getDerivation()).isEqualTo(StructureDefinition.TypeDerivationRule.CONSTRAINT);
			assertThat(sd.getDescription()).isNotBlank();
			assertThat(sd.hasSnapshot()).as("the package holds differentials only").isFalse();
			sd.getDifferential().getElement().forEach(element -> element.getConstraint().forEach(constraint -> {
				assertThat(constraint.getKey()).startsWith(sd.getIdPart() + "-");
				assertThat(constraint.getSeverity()).isEqualTo(ConstraintSeverity.ERROR);
				assertThat(constraint.getHuman()).isNotBlank();
				assertThat(constraint.getExpression()).isNotBlank();
			}));
		});
	}

	/**
	 * HAPI's JPA package installer skips every resource whose status is not {@code active}
	 * ({@code PackageInstallerSvcImpl#isValidResourceStatusForPackageUpload}), so a draft profile would
	 * silently be missing from the server.
	 */
	@Test
	void everyConformanceResourceIsActiveWithAFjordCanonicalUrl() {
		FhirTerser terser = FHIR.newTerser();

		assertThat(validation.fjordPackage().fetchAllConformanceResources()).hasSizeGreaterThan(1).allSatisfy(resource -> {
			String type = resource.fhirType();
			assertThat(terser.getSinglePrimitiveValueOrNull(resource, "status")).as(type + " status").isEqualTo("active");
			assertThat(terser.getSinglePrimitiveValueOrNull(resource, "url"))
					.isEqualTo(CANONICAL + "/" + type + "/" + resource.getIdElement().getIdPart());
			assertThat(terser.getSinglePrimitiveValueOrNull(resource, "version")).isEqualTo("0.4.0");
			assertThat(terser.getSinglePrimitiveValueOrNull(resource, "publisher")).isEqualTo("Fjord");
		});
	}

	@TestFactory
	Stream<DynamicTest> everyStructureDefinitionGivesASnapshotWithoutErrors() {
		return structureDefinitions().stream().map(sd -> DynamicTest.dynamicTest(sd.getIdPart(), () -> {
			List<ValidationMessage> messages = generateSnapshot(sd);

			assertThat(messages).as("snapshot messages for " + sd.getUrl())
					.filteredOn(message -> message.getLevel().isError())
					.isEmpty();
		}));
	}

	@TestFactory
	Stream<DynamicTest> everyValidExampleValidatesWithoutErrors() {
		return examples("valid").map(example -> DynamicTest.dynamicTest(example.getFileName().toString(), () -> {
			List<OperationOutcomeIssueComponent> errors = errors(validate(example));

			assertThat(errors).as(describe(errors)).isEmpty();
		}));
	}

	@TestFactory
	Stream<DynamicTest> everyInvalidExampleGivesExactlyTheExpectedErrors() {
		return examples("invalid").map(example -> DynamicTest.dynamicTest(example.getFileName().toString(), () -> {
			List<ExpectedIssue> expected = ExpectedIssue.readFor(example);
			List<OperationOutcomeIssueComponent> unmatched = new ArrayList<>(errors(validate(example)));
			String actual = describe(unmatched);

			assertThat(expected).as("an invalid example expects at least one error").isNotEmpty();
			for (ExpectedIssue issue : expected) {
				OperationOutcomeIssueComponent match = unmatched.stream().filter(issue::matches).findFirst()
						.orElseThrow(() -> new AssertionError("expected " + issue + " among " + actual));
				unmatched.remove(match);
			}
			assertThat(unmatched).as("errors not in the .expected.json file").isEmpty();
		}));
	}

	@Test
	void everyProfileHasAValidAndAnInvalidExample() {
		Set<String> profiles = structureDefinitions().stream()
				.filter(sd -> sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE)
				.map(StructureDefinition::getUrl)
				.collect(Collectors.toCollection(TreeSet::new));

		assertThat(claimedProfiles("valid")).containsAll(profiles);
		assertThat(claimedProfiles("invalid")).containsAll(profiles);
	}

	private static List<StructureDefinition> structureDefinitions() {
		return validation.fjordPackage().fetchAllConformanceResources().stream()
				.filter(StructureDefinition.class::isInstance)
				.map(StructureDefinition.class::cast)
				.toList();
	}

	/**
	 * Runs the core snapshot generator directly: HAPI's {@code SnapshotGeneratingValidationSupport}
	 * discards its messages, so a differential element that matches nothing in the base (a wrong path or
	 * order) would otherwise vanish without a word.
	 */
	private static List<ValidationMessage> generateSnapshot(StructureDefinition differential) {
		VersionCanonicalizer canonicalizer = new VersionCanonicalizer(FHIR);
		IWorkerContext worker = new WorkerContextValidationSupportAdapter(validation.chain());
		org.hl7.fhir.r5.model.StructureDefinition profile =
				canonicalizer.structureDefinitionToCanonical(differential.copy());
		org.hl7.fhir.r5.model.StructureDefinition base =
				worker.fetchResource(org.hl7.fhir.r5.model.StructureDefinition.class, profile.getBaseDefinition());
		assertThat(base).as("base definition " + profile.getBaseDefinition()).isNotNull();
		List<ValidationMessage> messages = new ArrayList<>();
		new ProfileUtilities(worker, messages, new ProfileKnowledgeWorkerR5(FHIR))
				.generateSnapshot(base, profile, profile.getUrl(), CANONICAL, profile.getName());
		assertThat(profile.getSnapshot().getElement()).as("snapshot of " + profile.getUrl()).isNotEmpty();
		return messages;
	}

	private static OperationOutcome validate(Path example) {
		IBaseResource resource = FHIR.newJsonParser().parseResource(read(example));
		assertThat(resource.getMeta().getProfile()).as("meta.profile claims a Fjord profile")
				.anySatisfy(profile -> assertThat(profile.getValue()).startsWith(CANONICAL + "/StructureDefinition/"));
		ValidationResult result = validation.asTheServerReports(validator.validateWithResult(resource));
		return (OperationOutcome) result.toOperationOutcome();
	}

	private static List<OperationOutcomeIssueComponent> errors(OperationOutcome outcome) {
		return outcome.getIssue().stream()
				.filter(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
						|| issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
				.toList();
	}

	private static String describe(List<OperationOutcomeIssueComponent> issues) {
		return issues.stream()
				.map(issue -> issue.getSeverity().toCode() + " at " + ExpectedIssue.expressionOf(issue) + ": "
						+ issue.getDiagnostics())
				.collect(Collectors.joining("\n", "\n", "\n"));
	}

	private static Stream<Path> examples(String folder) {
		try (Stream<Path> files = Files.list(EXAMPLES.resolve(folder))) {
			List<Path> examples = files
					.filter(path -> path.getFileName().toString().endsWith(".json"))
					.filter(path -> !path.getFileName().toString().endsWith(ExpectedIssue.SUFFIX))
					.sorted()
					.toList();
			assertThat(examples).as("examples in " + EXAMPLES.resolve(folder)).isNotEmpty();
			return examples.stream();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Set<String> claimedProfiles(String folder) {
		return examples(folder)
				.map(example -> FHIR.newJsonParser().parseResource(read(example)))
				.flatMap(resource -> resource.getMeta().getProfile().stream())
				.map(profile -> profile.getValue())
				.collect(Collectors.toCollection(TreeSet::new));
	}

	static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
