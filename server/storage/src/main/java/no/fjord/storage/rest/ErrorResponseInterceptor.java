package no.fjord.storage.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.List;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.web.RequestIds;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every failure the status the FHIR specification asks for, and keeps server faults from
 * leaking internals:
 * <ul>
 *   <li>input HAPI could not read (a malformed search value, say) is the client's mistake: 400;</li>
 *   <li>a write against a version that is no longer current is a failed precondition: 412, as
 *       <a href="https://hl7.org/fhir/R4/http.html#concurrency">FHIR's version-aware updates</a> say
 *       (HAPI answers 409);</li>
 *   <li>a 503 a module raised on purpose (the audit trail could not record the access) passes as it is;</li>
 *   <li>anything else unexpected is a 500 with a generic message and the request id, while the
 *       exception goes to the log.</li>
 * </ul>
 */
@Interceptor
public final class ErrorResponseInterceptor {

	private static final Logger log = LoggerFactory.getLogger(ErrorResponseInterceptor.class);

	/** HAPI's message codes for "the version you named is not the current one" on delete, patch and update. */
	private static final List<String> STALE_VERSION_CODES = List.of("HAPI-0961:", "HAPI-0974:", "HAPI-0989:");

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException toResponse(RequestDetails request, Throwable exception) {
		if (exception instanceof ResourceVersionConflictException conflict && isStaleVersion(conflict)) {
			PreconditionFailedException failed = new PreconditionFailedException(conflict.getMessage());
			failed.setOperationOutcome(OperationOutcomes.error(IssueType.CONFLICT, conflict.getMessage()));
			return failed;
		}
		if (exception instanceof BaseServerResponseException response
				&& (response.getStatusCode() < 500 || response.getStatusCode() == 503)) {
			return response; // 503: a deliberate "not now" (the audit trail could not record), with its own outcome
		}
		if (exception instanceof DataFormatException invalid) {
			InvalidRequestException badRequest = new InvalidRequestException(invalid.getMessage());
			badRequest.setOperationOutcome(OperationOutcomes.error(IssueType.INVALID, invalid.getMessage()));
			return badRequest;
		}
		log.error("Internal error in {} {}", request.getRequestType(), request.getRequestPath(), exception);
		String requestId = MDC.get(RequestIds.MDC_KEY);
		String message = "The server failed to process the request"
				+ (requestId == null ? "" : " (request id " + requestId + ")");
		InternalErrorException sanitized = new InternalErrorException(message);
		sanitized.setOperationOutcome(OperationOutcomes.error(IssueType.EXCEPTION, message));
		return sanitized;
	}

	private static boolean isStaleVersion(ResourceVersionConflictException conflict) {
		String message = conflict.getMessage();
		return message != null && STALE_VERSION_CODES.stream().anyMatch(message::contains);
	}
}
