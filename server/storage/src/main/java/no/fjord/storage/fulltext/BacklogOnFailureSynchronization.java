package no.fjord.storage.fulltext;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hibernate.search.engine.backend.work.execution.DocumentCommitStrategy;
import org.hibernate.search.engine.backend.work.execution.DocumentRefreshStrategy;
import org.hibernate.search.engine.common.EntityReference;
import org.hibernate.search.mapper.pojo.work.IndexingPlanSynchronizationStrategy;
import org.hibernate.search.mapper.pojo.work.IndexingPlanSynchronizationStrategyConfigurationContext;
import org.hibernate.search.mapper.pojo.work.SearchIndexingPlanExecutionReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * Hibernate Search's {@code sync} (a write is answered once its index changes are committed and
 * visible), except for what it does when the index write fails. That happens after the database
 * transaction has committed, so the resource is stored: answering an error would tell the client that
 * nothing was. The entities are put in the {@link FulltextBacklog} instead, which
 * {@link FulltextBacklogRepair} works off once the index can be written again.
 */
public final class BacklogOnFailureSynchronization implements IndexingPlanSynchronizationStrategy {

	private static final Logger log = LoggerFactory.getLogger(BacklogOnFailureSynchronization.class);

	private final FulltextBacklog backlog;

	public BacklogOnFailureSynchronization(FulltextBacklog backlog) {
		this.backlog = backlog;
	}

	@Override
	public void apply(IndexingPlanSynchronizationStrategyConfigurationContext context) {
		context.documentCommitStrategy(DocumentCommitStrategy.FORCE);
		context.documentRefreshStrategy(DocumentRefreshStrategy.FORCE);
		context.indexingFutureHandler(this::awaitIndexed);
	}

	private void awaitIndexed(CompletableFuture<? extends SearchIndexingPlanExecutionReport> indexing) {
		SearchIndexingPlanExecutionReport report = indexing.join();
		report.throwable().ifPresent(failure -> putInBacklog(report.failingEntities(), failure));
	}

	private void putInBacklog(List<? extends EntityReference> entities, Throwable failure) {
		try {
			int recorded = backlog.record(entities);
			// entity names and database ids only: no patient data
			log.warn("The full-text index entries of {} stored entities could not be written ({}); "
					+ "they wait in the full-text backlog", recorded, rootMessage(failure));
		} catch (RuntimeException notRecorded) {
			log.error("The full-text index entries of {} could not be written ({}), nor put in the backlog ({}); "
					+ "rebuild the full-text index to find them", entities, rootMessage(failure), notRecorded.getMessage());
		}
	}

	private static String rootMessage(Throwable failure) {
		return NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
	}
}
