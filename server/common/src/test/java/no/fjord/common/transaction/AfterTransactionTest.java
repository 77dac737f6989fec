package no.fjord.common.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class AfterTransactionTest {

	private final List<String> ran = new ArrayList<>();

	@AfterEach
	void endSynchronization() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	@Test
	void withoutTransactionTheOrNowVariantsRunAtOnceAndTheRollbackOneNever() {
		AfterTransaction.afterCommitOrNow(() -> ran.add("commit"));
		AfterTransaction.afterCompletionOrNow(() -> ran.add("completion"));
		AfterTransaction.unlessCommitted(() -> ran.add("rollback"));

		assertThat(ran).containsExactly("commit", "completion");
	}

	@Test
	void whenTheTransactionCommitsTheCommitAndCompletionWorkRuns() {
		TransactionSynchronizationManager.initSynchronization();
		registerAll();
		assertThat(ran).isEmpty();

		end(TransactionSynchronization.STATUS_COMMITTED);

		assertThat(ran).containsExactlyInAnyOrder("commit", "completion");
	}

	@Test
	void whenTheTransactionRollsBackTheCompletionAndRollbackWorkRuns() {
		TransactionSynchronizationManager.initSynchronization();
		registerAll();

		end(TransactionSynchronization.STATUS_ROLLED_BACK);

		assertThat(ran).containsExactlyInAnyOrder("completion", "rollback");
	}

	private void registerAll() {
		AfterTransaction.afterCommitOrNow(() -> ran.add("commit"));
		AfterTransaction.afterCompletionOrNow(() -> ran.add("completion"));
		AfterTransaction.unlessCommitted(() -> ran.add("rollback"));
	}

	private static void end(int status) {
		List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
		if (status == TransactionSynchronization.STATUS_COMMITTED) {
			synchronizations.forEach(TransactionSynchronization::afterCommit);
		}
		synchronizations.forEach(synchronization -> synchronization.afterCompletion(status));
	}
}
