package no.fjord.audit.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.fhir.RequestPipeline;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The audit trail is append-only: AuditEvents are never stored through HAPI's storage, so a transaction
 * or batch entry, a conditional write or any other path that reaches storage with one is refused, for
 * administrators too.
 */
@Interceptor(order = RequestPipeline.AUDIT_EVENT_APPEND_ONLY)
public class AuditEventWritesInterceptor {

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		refuse(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource updated) {
		refuse(updated);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		refuse(resource);
	}

	private static void refuse(IBaseResource resource) {
		if (resource instanceof AuditEvent) {
			throw refusal();
		}
	}

	/** 405: the trail is append-only, and only the server appends. */
	static MethodNotAllowedException refusal() {
		String message = "AuditEvents are written by the server only and can be neither created, changed nor deleted";
		MethodNotAllowedException refused = new MethodNotAllowedException(message);
		refused.setOperationOutcome(OperationOutcomes.error(IssueType.NOTSUPPORTED, message));
		return refused;
	}
}
