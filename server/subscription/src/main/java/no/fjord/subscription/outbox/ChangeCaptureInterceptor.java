package no.fjord.subscription.outbox;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.common.transaction.AfterTransaction;
import no.fjord.subscription.registry.LiveSubscriptions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox: every change to a resource of a type a live subscription watches is recorded in table
 * {@code fjord_subscription_change} in the transaction of the change itself (HAPI's pre-commit hooks run
 * inside it), so a committed change always has its row and a rolled-back one never does. Matching and
 * delivery happen later, off the write path; the dispatcher is woken once the change commits.
 */
@Interceptor(order = RequestPipeline.CHANGE_CAPTURE)
public class ChangeCaptureInterceptor {

	private static final String INSERT = "INSERT INTO fjord_subscription_change (resource_type, resource_id, version, "
			+ "interaction) VALUES (?, ?, ?, ?)";

	private final LiveSubscriptions live;
	private final JdbcTemplate jdbc;
	private final Runnable wakeDispatcher;

	public ChangeCaptureInterceptor(LiveSubscriptions live, JdbcTemplate jdbc, Runnable wakeDispatcher) {
		this.live = live;
		this.jdbc = jdbc;
		this.wakeDispatcher = wakeDispatcher;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		record(resource, "create");
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		record(resource, "update");
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		// HAPI names the deleted resource by the deletion's version; its content is the version before,
		// which is what subscribers are told about (a deletion has no content to match or show).
		record(resource, "delete", resource.getIdElement().getVersionIdPartAsLong() - 1);
	}

	private void record(IBaseResource resource, String interaction) {
		record(resource, interaction, resource.getIdElement().getVersionIdPartAsLong());
	}

	private void record(IBaseResource resource, String interaction, long version) {
		String type = resource.fhirType();
		if ("Subscription".equals(type) || !live.watch(type)) {
			return;
		}
		jdbc.update(INSERT, type, resource.getIdElement().getIdPart(), version, interaction);
		AfterTransaction.afterCommitOrNow(wakeDispatcher);
	}
}
