package no.fjord.audit.trail;

/** The audit trail could not record an access in time; the access must not be answered. */
public class AuditUnavailableException extends RuntimeException {

	public AuditUnavailableException(Throwable cause) {
		super("The access could not be recorded in the audit trail", cause);
	}
}
