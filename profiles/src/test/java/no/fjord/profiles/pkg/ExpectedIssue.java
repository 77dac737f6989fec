package no.fjord.profiles.pkg;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;

/**
 * One error an invalid example must produce, read from the example's sidecar
 * {@code <name>.expected.json}: the FHIRPath location the validator reports in
 * {@code OperationOutcome.issue.expression} and a fragment of its diagnostics (usually the
 * invariant key).
 */
record ExpectedIssue(String expression, String contains) {

	static final String SUFFIX = ".expected.json";

	private static final ObjectMapper JSON = new ObjectMapper();

	static List<ExpectedIssue> readFor(Path example) {
		String name = example.getFileName().toString();
		Path sidecar = example.resolveSibling(name.substring(0, name.length() - ".json".length()) + SUFFIX);
		if (!Files.exists(sidecar)) {
			throw new AssertionError("missing " + sidecar.getFileName() + " next to " + name);
		}
		try {
			return JSON.readValue(ProfilePackageTest.read(sidecar), new TypeReference<List<ExpectedIssue>>() {});
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new AssertionError("unreadable " + sidecar.getFileName() + ": " + e.getOriginalMessage(), e);
		}
	}

	static String expressionOf(OperationOutcomeIssueComponent issue) {
		return issue.hasExpression() ? issue.getExpression().get(0).getValue() : "";
	}

	boolean matches(OperationOutcomeIssueComponent issue) {
		return expression.equals(expressionOf(issue))
				&& issue.getDiagnostics() != null
				&& issue.getDiagnostics().contains(contains);
	}

	@Override
	public String toString() {
		return "error at " + expression + " containing '" + contains + "'";
	}
}
