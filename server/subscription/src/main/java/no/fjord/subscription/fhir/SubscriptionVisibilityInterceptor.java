package no.fjord.subscription.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import java.util.Optional;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.security.token.SmartPrincipal;
import no.fjord.subscription.registry.SubscriptionRecords;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;

/**
 * A caller sees only the subscriptions they made (administrators see all): a Subscription names the
 * subscriber's endpoint and what they watch, often a patient. Others' are left out of searches and
 * history, and a read of one answers 404, as if it did not exist.
 */
@Interceptor(order = RequestPipeline.SUBSCRIPTION_VISIBILITY)
public class SubscriptionVisibilityInterceptor {

	private final SubscriptionRecords records;

	public SubscriptionVisibilityInterceptor(SubscriptionRecords records) {
		this.records = records;
	}

	@Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
	public void beforeAccess(IPreResourceAccessDetails details) {
		Optional<SmartPrincipal> caller = SmartPrincipal.current();
		if (caller.isEmpty() || caller.get().isAdministrator()) {
			return;
		}
		for (int index = 0; index < details.size(); index++) {
			if (!visible(caller.get(), details.getResource(index))) {
				details.setDontReturnResourceAtIndex(index);
			}
		}
	}

	@Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
	public void beforeShow(IPreResourceShowDetails details) {
		Optional<SmartPrincipal> caller = SmartPrincipal.current();
		if (caller.isEmpty() || caller.get().isAdministrator()) {
			return;
		}
		for (int index = 0; index < details.size(); index++) {
			if (!visible(caller.get(), details.getResource(index))) {
				details.setResource(index, null);
			}
		}
	}

	private boolean visible(SmartPrincipal caller, IBaseResource resource) {
		if (!(resource instanceof Subscription)) {
			return true;
		}
		return records.find(resource.getIdElement().getIdPart())
				.map(state -> SubscriberAccess.owns(caller, state))
				.orElse(false);
	}
}
