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

	/**
	 * For refusals made where only the HTTP status is known (by Tomcat itself, or on its error page): a
	 * fixed message per status, as the container's own message may quote the URL, which can hold
	 * patient data.
	 */
	public static OperationOutcome forStatus(int status) {
		return error(typeFor(status), messageFor(status));
	}

	private static IssueType typeFor(int status) {
		return switch (status) {
			case 401 -> IssueType.LOGIN;
			case 403 -> IssueType.FORBIDDEN;
			case 404 -> IssueType.NOTFOUND;
			case 408 -> IssueType.TIMEOUT;
			case 413, 414, 431 -> IssueType.TOOLONG;
			default -> status < 500 ? IssueType.INVALID : IssueType.EXCEPTION;
		};
	}

	private static String messageFor(int status) {
		return switch (status) {
			case 400 -> "The request could not be read: its request line, URL or headers are malformed, too long, "
					+ "or hold characters that are not allowed (such as an encoded NUL or raw bytes above 0x7F in the path)";
			case 408 -> "The request did not arrive in time";
			case 413 -> "The request body is larger than this server accepts";
			case 414 -> "The URL is longer than this server accepts";
			case 431 -> "The request headers are larger than this server accepts";
			default -> status < 500 ? "The request was refused (HTTP " + status + ")"
					: "The server failed to process the request (HTTP " + status + ")";
		};
	}
}
