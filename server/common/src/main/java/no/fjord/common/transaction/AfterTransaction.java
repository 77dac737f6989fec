package no.fjord.common.transaction;

import java.util.function.IntPredicate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that must wait for the database transaction of the current thread to end: caches dropped only
 * once the new rows are visible, markers undone when a write rolls back. One place, so each caller says
 * only when its work runs.
 */
public final class AfterTransaction {

	private AfterTransaction() {}

	/** After the current transaction commits (not at all if it rolls back), or now when there is none. */
	public static void afterCommitOrNow(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}

	/** After the current transaction ends, committed or rolled back, or now when there is none. */
	public static void afterCompletionOrNow(Runnable action) {
		whenEnded(status -> true, action, true);
	}

	/** When the current transaction ends without a commit; nothing when there is no transaction. */
	public static void unlessCommitted(Runnable action) {
		whenEnded(status -> status != TransactionSynchronization.STATUS_COMMITTED, action, false);
	}

	private static void whenEnded(IntPredicate runsOn, Runnable action, boolean nowWithoutTransaction) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			if (nowWithoutTransaction) {
				action.run();
			}
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				if (runsOn.test(status)) {
					action.run();
				}
			}
		});
	}
}
