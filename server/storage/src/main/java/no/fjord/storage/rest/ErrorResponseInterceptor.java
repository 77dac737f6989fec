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
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.web.RequestIds;
import no.fjord.storage.database.DatabaseOutages;
import org.hibernate.exception.JDBCConnectionException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Gives every failure the status the FHIR specification asks for, and keeps server faults from
 * leaking internals:
 * <ul>
 *   <li>input HAPI could not read (a malformed search value, say) is the client's mistake: 400;</li>
 *   <li>a write against a version that is no longer current is a failed precondition: 412, as
 *       <a href="https://hl7.org/fhir/R4/http.html#concurrency">FHIR's version-aware updates</a> say
 *       (HAPI answers 409);</li>
 *   <li>a 503 a module raised on purpose (the audit trail could not record the access) passes as it is;</li>
 *   <li>a database that cannot be reached (stopped, restarting, every connection busy) is a 503 the
 *       client may retry, not a server fault; so is any other fault shortly after the embedded database
 *       was found down ({@link DatabaseOutages});</li>
 *   <li>anything else unexpected is a 500 with a generic message and the request id, while the
 *       exception goes to the log.</li>
 * </ul>
 */
@Interceptor
public final class ErrorResponseInterceptor {

	private static final Logger log = LoggerFactory.getLogger(ErrorResponseInterceptor.class);

	/** HAPI's message codes for "the version you named is not the current one" on delete, patch and update. */
	/** SQLSTATEs of class 08 (connection exception) and 57P01-57P03 (the server shut down, crashed, is starting). */
	private static final List<String> UNREACHABLE_SQL_STATES = List.of("08", "57P01", "57P02", "57P03");
	private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";
	/** How long after an outage of the embedded database a fault without a recognisable cause is blamed on it. */
	private static final Duration AFTER_OUTAGE = Duration.ofSeconds(30);

	private final DatabaseOutages outages;

	public ErrorResponseInterceptor(DatabaseOutages outages) {
		this.outages = outages;
	}

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
		if (isDatabaseUnreachable(exception)) {
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

	private static BaseServerResponseException databaseUnavailable() {
		String message = "The database is not reachable at the moment; try again shortly";
		UnclassifiedServerFailureException unavailable = new UnclassifiedServerFailureException(503, message);
		unavailable.setOperationOutcome(OperationOutcomes.error(IssueType.TRANSIENT, message));
		return unavailable;
	}

	/** No connection could be had (the pool timed out or the server refused one), found anywhere in the causes. */
	private static boolean isDatabaseUnreachable(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof JDBCConnectionException
					|| cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLException sql && isConnectionLost(sql)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static boolean isConnectionLost(SQLException sql) {
		if (sql.getSQLState() == null) {
			// HikariCP's stand-in for a connection it evicted as broken (a rollback on it fails so) has no SQLSTATE
			return HIKARI_CLOSED_CONNECTION.equals(sql.getMessage());
		}
		return UNREACHABLE_SQL_STATES.stream().anyMatch(sql.getSQLState()::startsWith);
	}

	private static boolean isStaleVersion(ResourceVersionConflictException conflict) {
		String message = conflict.getMessage();
		return message != null && STALE_VERSION_CODES.stream().anyMatch(message::contains);
	}
}
