package no.fjord.common.web;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A request body Fjord will not pass on: the HTTP status and the OperationOutcome issue to answer
 * with. Thrown while the body is read or checked, answered by {@link RequestBodyGuardFilter}.
 */
final class RequestBodyRefusal extends Exception {

	private final int status;
	private final IssueType type;

	RequestBodyRefusal(int status, IssueType type, String message) {
		super(message, null, false, false);
		this.status = status;
		this.type = type;
	}

	int status() {
		return status;
	}

	IssueType type() {
		return type;
	}
}
