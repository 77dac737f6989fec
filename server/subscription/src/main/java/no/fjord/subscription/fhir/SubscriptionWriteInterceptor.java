package no.fjord.subscription.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.common.transaction.AfterTransaction;
import no.fjord.security.token.SmartPrincipal;
import no.fjord.subscription.registry.LiveSubscriptions;
import no.fjord.subscription.registry.Subscriber;
import no.fjord.subscription.registry.SubscriptionDefinition;
import no.fjord.subscription.registry.SubscriptionRecords;
import no.fjord.subscription.registry.SubscriptionState;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.hl7.fhir.r4.model.Subscription;

/**
 * Every write of a Subscription, however it comes (REST, transaction, PATCH): checked and read before it
 * is stored, recorded in {@code fjord_subscription} in the same transaction. A client's write leaves the
 * subscription {@code requested} (or {@code off}); only the server makes it {@code active} (after the
 * handshake) or {@code error}. The signing secret is taken out of the resource, so no read ever shows it.
 */
@Interceptor(order = RequestPipeline.SUBSCRIPTION_WRITES)
public class SubscriptionWriteInterceptor {

	/** What the checks before storage found, for the pre-commit hook of the same write. */
	private record Checked(SubscriptionDefinition definition, Subscriber subscriber, String secret) {
	}

	private static final String CHECKED = SubscriptionWriteInterceptor.class.getName() + ".checked";

	private final SubscriptionParser parser;
	private final SubscriberAccess access;
	private final SubscriptionRecords records;
	private final LiveSubscriptions live;
	private final Runnable wakeDelivery;
	private final String defaultServerBase;
	private final int maxPerSubscriber;

	public SubscriptionWriteInterceptor(SubscriptionParser parser, SubscriberAccess access, SubscriptionRecords records,
			LiveSubscriptions live, Runnable wakeDelivery, String defaultServerBase, int maxPerSubscriber) {
		this.parser = parser;
		this.access = access;
		this.records = records;
		this.live = live;
		this.wakeDelivery = wakeDelivery;
		this.defaultServerBase = defaultServerBase;
		this.maxPerSubscriber = maxPerSubscriber;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void beforeCreate(IBaseResource resource, RequestDetails request) {
		if (resource instanceof Subscription subscription) {
			SmartPrincipal.current().map(Subscriber::of).filter(caller -> records.countOf(caller) >= maxPerSubscriber)
					.ifPresent(caller -> {
						throw SubscriptionParser.refused("This caller has " + maxPerSubscriber
								+ " subscriptions, the most one may have; delete one first");
					});
			check(subscription, request, Optional.empty());
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (!(resource instanceof Subscription subscription) || SubscriptionStatusWriter.isServerChange(request)) {
			return;
		}
		Optional<SubscriptionState> existing = records.find(subscription.getIdElement().getIdPart());
		SmartPrincipal.current().ifPresent(caller -> existing.filter(state -> !SubscriberAccess.owns(caller, state))
				.ifPresent(state -> {
					throw SubscriberAccess.forbidden("Only the app and user that made a subscription can change it");
				}));
		check(subscription, request, existing);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void beforeDelete(IBaseResource resource, RequestDetails request) {
		if (!(resource instanceof Subscription)) {
			return;
		}
		Optional<SubscriptionState> existing = records.find(resource.getIdElement().getIdPart());
		SmartPrincipal.current().ifPresent(caller -> existing.filter(state -> !SubscriberAccess.owns(caller, state))
				.ifPresent(state -> {
					throw SubscriberAccess.forbidden("Only the app and user that made a subscription can delete it");
				}));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		if (resource instanceof Subscription subscription) {
			record(subscription, request);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (resource instanceof Subscription subscription) {
			record(subscription, request);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		if (resource instanceof Subscription) {
			records.delete(resource.getIdElement().getIdPart());
			AfterTransaction.afterCommitOrNow(live::reload);
		}
	}

	private void check(Subscription subscription, RequestDetails request, Optional<SubscriptionState> existing) {
		Optional<SmartPrincipal> caller = SmartPrincipal.current();
		String serverBase = request instanceof ServletRequestDetails servlet ? servlet.getFhirServerBase()
				: existing.map(state -> state.definition().serverBase()).orElse(defaultServerBase);
		// The id of a create is not known yet; it is put in when the write is recorded.
		SubscriptionDefinition definition = parser.parse(subscription, null, serverBase);
		caller.ifPresent(principal -> access.checkMaySubscribe(principal, definition));
		Optional<String> secret = parser.secret(subscription);
		boolean hadSecret = existing.map(state -> state.secret() != null).orElse(false);
		if (SubscriptionDefinition.REST_HOOK.equals(definition.channel()) && secret.isEmpty() && !hadSecret) {
			throw SubscriptionParser.refused("A rest-hook subscription needs a signing secret: extension "
					+ SubscriptionParser.SECRET + " on Subscription.channel, 'whsec_' and 24 to 64 random bytes in base64");
		}
		subscription.getChannel().getExtension().removeIf(extension -> SubscriptionParser.SECRET.equals(extension.getUrl()));
		subscription.setStatus(subscription.getStatus() == SubscriptionStatus.OFF ? SubscriptionStatus.OFF
				: SubscriptionStatus.REQUESTED);
		subscription.setError(null);
		Subscriber subscriber = caller.map(Subscriber::of)
				.orElse(existing.map(SubscriptionState::subscriber).orElse(null));
		if (secret.isPresent() && existing.isPresent()) {
			// A new secret alone leaves the stored resource unchanged, and HAPI skips such an update.
			records.setSecret(existing.get().id(), secret.get());
		}
		checkedOf(request).put(subscription, new Checked(definition, subscriber, secret.orElse(null)));
	}

	/** By resource object: one request (a transaction) can write several Subscriptions. */
	@SuppressWarnings("unchecked")
	private static Map<Subscription, Checked> checkedOf(RequestDetails request) {
		return (Map<Subscription, Checked>) request.getUserData().computeIfAbsent(CHECKED, key -> new IdentityHashMap<>());
	}

	private void record(Subscription subscription, RequestDetails request) {
		String id = subscription.getIdElement().getIdPart();
		Checked checked = request == null ? null : checkedOf(request).remove(subscription);
		if (SubscriptionStatusWriter.isServerChange(request)) {
			// The server's own status change: everything but the status stays as it was.
			records.find(id).ifPresent(state -> records.save(state.definition(), subscription.getStatus().toCode(),
					state.subscriber(), null));
		} else if (checked == null) {
			throw new IllegalStateException("Subscription/" + id + " reached storage without being checked");
		} else {
			records.save(checked.definition().withId(id), subscription.getStatus().toCode(), checked.subscriber(),
					checked.secret());
		}
		AfterTransaction.afterCommitOrNow(() -> {
			live.reload();
			wakeDelivery.run();
		});
	}
}
