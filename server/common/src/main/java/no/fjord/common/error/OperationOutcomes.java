package no.fjord.common.error;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The one place Fjord builds OperationOutcomes for errors it raises itself, so every refusal reads
 * the same way: one issue, severity {@code error}, a FHIR issue type and a message a client's
 * developer can act on. Never put stack traces, SQL or class names in {@code diagnostics}.
 *
 * @see <a href="https://hl7.org/fhir/R4/operationoutcome.html">FHIR R4 OperationOutcome</a>
 */
public final class OperationOutcomes {

	private OperationOutcomes() {}

	public static OperationOutcome error(IssueType type, String diagnostics) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
		return outcome;
	}
}
