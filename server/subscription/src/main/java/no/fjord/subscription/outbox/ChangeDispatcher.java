package no.fjord.subscription.outbox;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import no.fjord.common.fhir.PatientCompartment;
import no.fjord.subscription.registry.LiveSubscriptions;
import no.fjord.subscription.registry.ResourceVersions;
import no.fjord.subscription.registry.SubscriptionEvents;
import no.fjord.subscription.registry.SubscriptionEvents.Match;
import no.fjord.subscription.registry.SubscriptionState;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns outbox rows into numbered events, a batch per transaction: the events are stored and the rows
 * removed together, so a crash repeats a batch, never loses one. One process dispatches at a time
 * (a transaction-scoped PostgreSQL advisory lock), which keeps every subscription's events in the order the
 * changes committed, whichever process recorded them.
 *
 * <p>The resources are read and matched in a read-only transaction of their own (Hibernate does not flush
 * it): read in the dispatching transaction, every version read stays in its persistence context and each
 * further query of the batch would dirty-check all of them first, a cost that grows with the square of the
 * batch. Batches are kept small so the first events of a burst go out while the rest are still matched.
 */
public final class ChangeDispatcher {

	/**
	 * Advisory lock key ("fjord-subscription-dispatch"). A session that holds it pauses dispatching in every
	 * process, with changes kept in the outbox: how a test catches changes committed but not yet dispatched.
	 */
	public static final long LOCK = 0x666a6f7264_7364L;
	private static final int BATCH = 100;

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final TransactionTemplate reads;
	private final LiveSubscriptions live;
	private final EventMatcher matcher;
	private final SubscriptionEvents events;
	private final ResourceVersions versions;
	private final FhirContext context;

	public ChangeDispatcher(JdbcTemplate jdbc, TransactionTemplate transactions, LiveSubscriptions live,
			EventMatcher matcher, SubscriptionEvents events, ResourceVersions versions, FhirContext context) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.reads = new TransactionTemplate(transactions.getTransactionManager());
		reads.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		reads.setReadOnly(true);
		this.live = live;
		this.matcher = matcher;
		this.events = events;
		this.versions = versions;
		this.context = context;
	}

	/** Dispatches one batch; returns whether there may be more (a full batch, or events to deliver). */
	public DispatchResult dispatchBatch() {
		live.refreshIfChanged();
		DispatchResult result = transactions.execute(status -> {
			if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK))) {
				return new DispatchResult(0, 0);
			}
			List<Change> changes = jdbc.query("SELECT id, resource_type, resource_id, version, interaction, recorded_at "
					+ "FROM fjord_subscription_change ORDER BY id LIMIT ?", (row, index) -> new Change(row.getLong(1),
					row.getString(2), row.getString(3), row.getLong(4), row.getString(5), row.getTimestamp(6).toInstant()),
					BATCH);
			List<Match> matches = changes.isEmpty() ? List.of() : reads.execute(reading -> matchesOf(changes));
			int stored = events.append(matches);
			jdbc.update("DELETE FROM fjord_subscription_change WHERE id = ANY(?)",
					(Object) changes.stream().map(Change::id).toArray(Long[]::new));
			return new DispatchResult(changes.size(), stored);
		});
		return result;
	}

	/** @param changes outbox rows handled; @param events events stored */
	public record DispatchResult(int changes, int events) {
		public boolean full() {
			return changes == BATCH;
		}
	}

	private List<Match> matchesOf(List<Change> changes) {
		List<Match> matches = new ArrayList<>();
		for (Change change : changes) {
			matches.addAll(matchesOf(change));
		}
		return matches;
	}

	private List<Match> matchesOf(Change change) {
		Optional<IBaseResource> resource = versions.read(change.resourceType(), change.resourceId(), change.version());
		if (resource.isEmpty()) {
			return List.of();
		}
		Set<String> patients = PatientCompartment.ownersOf(context, resource.get());
		List<SubscriptionState> candidates = live.candidates(change.resourceType(), patients);
		if (candidates.isEmpty()) {
			return List.of();
		}
		List<SubscriptionState> told = matcher.subscriptionsTold(change, candidates, resource.get(),
				() -> change.version() > 1 ? versions.read(change.resourceType(), change.resourceId(), change.version() - 1)
						: Optional.empty());
		return told.stream().map(state -> new Match(state.id(), change.resourceType(), change.resourceId(),
				change.version(), change.interaction(), change.recordedAt())).toList();
	}
}
