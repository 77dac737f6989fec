package no.fjord.audit.trail;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import no.fjord.common.error.OperationOutcomeResponses;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.common.transaction.AfterTransaction;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Records every FHIR interaction in the audit trail before its answer is written: creates, updates,
 * patches and deletes inside their own database transaction, other successes when the response is about
 * to be sent, failures (refusals, not found, errors) when the error is, and Bulk Data kick-offs, which
 * HAPI answers by itself, when they are accepted. Answers without a body (a 204) are recorded when
 * processing completes.
 */
@Interceptor(order = RequestPipeline.AUDIT)
public class AuditInterceptor {

	private static final String RECORDED = AuditInterceptor.class.getName() + ".recorded";
	private static final Set<RestOperationTypeEnum> SINGLE_WRITES = EnumSet.of(RestOperationTypeEnum.CREATE,
			RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH, RestOperationTypeEnum.DELETE);

	private final RequestAudit audit;
	private final AuditWriter writer;

	public AuditInterceptor(RequestAudit audit, AuditWriter writer) {
		this.audit = audit;
		this.writer = writer;
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void answering(RequestDetails request, ResponseDetails response) {
		record(request, response.getResponseResource(), response.getResponseCode(), null);
	}

	/**
	 * A refusal or failure that cannot be recorded is answered 503 like any other access; a server failure
	 * (the database is down, which is also why the trail cannot be written) keeps its own answer. Nothing
	 * may be thrown from this hook: HAPI would let it escape as a bare servlet error.
	 */
	@Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
	public boolean failing(RequestDetails request, HttpServletRequest servletRequest, HttpServletResponse response,
			BaseServerResponseException failure) throws IOException {
		try {
			record(request, null, failure.getStatusCode(), failure.getMessage());
			return true;
		} catch (UnclassifiedServerFailureException unrecorded) {
			if (failure.getStatusCode() >= 500) {
				return true;
			}
			OperationOutcomeResponses.write(servletRequest, response, unrecorded.getStatusCode(),
					(OperationOutcome) unrecorded.getOperationOutcome());
			return false;
		}
	}

	@Hook(Pointcut.STORAGE_INITIATE_BULK_EXPORT)
	public void exportAccepted(RequestDetails request) {
		record(request, null, 202, null);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		recordWithTheWrite(request, resource, 201);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource updated, RequestDetails request) {
		recordWithTheWrite(request, updated, 200);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource, RequestDetails request) {
		recordWithTheWrite(request, resource, 200);
	}

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
	public void completed(RequestDetails request) {
		record(request, null, 200, null);
	}

	/**
	 * A create, update, patch or delete is recorded in its own database transaction: the row commits with
	 * the data or not at all. If the transaction rolls back, the failure is recorded when it is answered.
	 */
	private void recordWithTheWrite(RequestDetails request, IBaseResource written, int status) {
		if (request == null || !SINGLE_WRITES.contains(request.getRestOperationType())
				|| request.getUserData().putIfAbsent(RECORDED, Boolean.TRUE) != null) {
			return;
		}
		writer.writeInCurrentTransaction(audit.of(request, written, status, null));
		AfterTransaction.unlessCommitted(() -> request.getUserData().remove(RECORDED));
	}

	private void record(RequestDetails request, IBaseResource answer, int status, String failure) {
		if (request == null || request.getRestOperationType() == RestOperationTypeEnum.METADATA
				|| request.getUserData().putIfAbsent(RECORDED, Boolean.TRUE) != null) {
			return; // the CapabilityStatement is public and holds no one's data
		}
		try {
			writer.write(audit.of(request, answer, status, failure));
		} catch (AuditUnavailableException unavailable) {
			String message = "The access could not be recorded in the audit trail; try again";
			UnclassifiedServerFailureException refused = new UnclassifiedServerFailureException(503, message);
			refused.setOperationOutcome(OperationOutcomes.error(IssueType.TRANSIENT, message));
			throw refused;
		}
	}
}
