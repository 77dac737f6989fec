package no.fjord.fhir.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.common.web.RequestIds;
import no.fjord.storage.database.DatabaseOutages;
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
 *       (HAPI answers 409), also when the version stopped being current while the write ran;</li>
 *   <li>writes that met in the database (a reference to a resource deleted meanwhile, a deadlock,
 *       a lost version race) are conflicts: 409, without the SQL;</li>
 *   <li>a full disk (database or full-text index) is 507 Insufficient Storage with Retry-After: the
 *       write was not stored and may be retried once the operator has made room;</li>
 *   <li>a 503 a module raised on purpose (the audit trail could not record the access) passes as it is;</li>
 *   <li>a database that cannot be reached (stopped, restarting, every connection busy) is a 503 the
 *       client may retry, not a server fault; so is any other fault shortly after the embedded database
 *       was found down ({@link DatabaseOutages});</li>
 *   <li>anything else unexpected is a 500 with a generic message and the request id, while the
 *       exception goes to the log.</li>
 * </ul>
 */
@Interceptor(order = RequestPipeline.ERROR_RESPONSES)
public final class ErrorResponseInterceptor {

	private static final Logger log = LoggerFactory.getLogger(ErrorResponseInterceptor.class);

	private static final int INSUFFICIENT_STORAGE = 507;
	private static final String CHANGED_MEANWHILE = "The resource was changed by another request at the same time";
	/** How long after an outage of the embedded database a fault without a recognisable cause is blamed on it. */
	private static final Duration AFTER_OUTAGE = Duration.ofSeconds(30);

	private final DatabaseOutages outages;

	public ErrorResponseInterceptor(DatabaseOutages outages) {
		this.outages = outages;
	}


	/** HAPI's message codes for "the version you named is not the current one" on delete, patch and update. */
	private static final List<String> STALE_VERSION_CODES = List.of("HAPI-0961:", "HAPI-0974:", "HAPI-0989:");

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException toResponse(RequestDetails request, Throwable exception) {
		Optional<String> deletedTarget = DatabaseFailures.deletedReferenceTarget(exception);
		if (deletedTarget.isPresent()) {
			return conflict(deletedTarget.get());
		}
		if (exception instanceof ResourceVersionConflictException conflict
				&& (isStaleVersion(conflict) || isVersionedWrite(request))) {
			String message = isStaleVersion(conflict) ? conflict.getMessage() : CHANGED_MEANWHILE
					+ ": the version named in If-Match is no longer the current one";
			PreconditionFailedException failed = new PreconditionFailedException(message);
			failed.setOperationOutcome(OperationOutcomes.error(IssueType.CONFLICT, message));
			return failed;
		}
		if (DatabaseFailures.concurrentWriteLost(exception)
				|| exception instanceof ResourceVersionConflictException && DatabaseFailures.fromDatabase(exception)) {
			return conflict(CHANGED_MEANWHILE + "; read it again and retry");
		}
		if (DatabaseFailures.diskFull(exception)) {
			log.error("Write refused: the disk of the database or the full-text index is full");
			return insufficientStorage();
		}
		if (exception instanceof BaseServerResponseException response
				&& (response.getStatusCode() < 500 || response.getStatusCode() == 503)) {
			return response; // 503: a deliberate "not now" (the audit trail could not record), with its own outcome
		}
		if (DatabaseFailures.unreachable(exception)) {
			log.warn("{} {}: the database cannot be reached ({})", request.getRequestType(), request.getRequestPath(),
					exception.getMessage());
			return databaseUnavailable();
		}
		if (exception instanceof DataFormatException invalid) {
			InvalidRequestException badRequest = new InvalidRequestException(invalid.getMessage());
			badRequest.setOperationOutcome(OperationOutcomes.error(IssueType.INVALID, invalid.getMessage()));
			return badRequest;
		}
		log.error("Internal error in {} {}", request.getRequestType(), request.getRequestPath(), exception);
		if (outages.within(AFTER_OUTAGE)) {
			return databaseUnavailable(); // e.g. a failed search, which HAPI reports with its root cause's message only
		}
		String requestId = MDC.get(RequestIds.MDC_KEY);
		String message = "The server failed to process the request"
				+ (requestId == null ? "" : " (request id " + requestId + ")");
		InternalErrorException sanitized = new InternalErrorException(message);
		sanitized.setOperationOutcome(OperationOutcomes.error(IssueType.EXCEPTION, message));
		return sanitized;
	}

	/**
	 * An update or patch with {@code If-Match}: if it lost to a concurrent write of the same resource,
	 * the version it named stopped being current before it could commit, so its precondition failed.
	 */
	private static boolean isVersionedWrite(RequestDetails request) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		return (operation == RestOperationTypeEnum.UPDATE || operation == RestOperationTypeEnum.PATCH)
				&& request.getHeader(Constants.HEADER_IF_MATCH) != null;
	}

	private static BaseServerResponseException databaseUnavailable() {
		String message = "The database is not reachable at the moment; try again shortly";
		UnclassifiedServerFailureException unavailable = new UnclassifiedServerFailureException(503, message);
		unavailable.setOperationOutcome(OperationOutcomes.error(IssueType.TRANSIENT, message));
		return unavailable;
	}

	/** 507 (RFC 4918): nothing was stored; the operator must free space. Retry-After invites a later try. */
	private static BaseServerResponseException insufficientStorage() {
		String message = "The server has no room to store this now; nothing was stored. Try again later";
		UnclassifiedServerFailureException full = new UnclassifiedServerFailureException(INSUFFICIENT_STORAGE, message);
		full.setOperationOutcome(OperationOutcomes.error(IssueType.TRANSIENT, message));
		full.addResponseHeader("Retry-After", "60");
		return full;
	}

	private static ResourceVersionConflictException conflict(String message) {
		ResourceVersionConflictException conflict = new ResourceVersionConflictException(message);
		conflict.setOperationOutcome(OperationOutcomes.error(IssueType.CONFLICT, message));
		return conflict;
	}

	private static boolean isStaleVersion(ResourceVersionConflictException conflict) {
		String message = conflict.getMessage();
		return message != null && STALE_VERSION_CODES.stream().anyMatch(message::contains);
	}
}
