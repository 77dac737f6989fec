package no.fjord.storage.integrity;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import no.fjord.common.fhir.RequestPipeline;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Locks the row of a resource about to be deleted before HAPI looks for resources that refer to it.
 * A write that is indexing a reference to it holds a share lock on the same row (see
 * {@code db/fjord/reference-target-live.sql}), so the delete waits for that write to commit and then
 * finds its reference (409), or the write waits for the delete and is refused. Without the lock both
 * succeeded about half the time and left a reference to a deleted resource.
 */
@Interceptor(order = RequestPipeline.DELETE_LOCK)
public final class DeleteLockInterceptor {

	private final JdbcTemplate jdbc;

	/** {@code jdbc} must run on the connection of HAPI's transaction (Spring's JpaTransactionManager exposes it). */
	public DeleteLockInterceptor(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void lockBeforeDelete(IBaseResource resource) {
		IIdType id = resource.getIdElement();
		jdbc.query("SELECT 1 FROM hfj_resource WHERE res_type = ? AND fhir_id = ? FOR UPDATE",
				row -> {}, id.getResourceType(), id.getIdPart());
	}
}
