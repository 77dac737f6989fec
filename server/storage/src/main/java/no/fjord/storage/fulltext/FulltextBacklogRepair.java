package no.fjord.storage.fulltext;

import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.search.reindex.ResourceReindexer;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.fjord.common.concurrent.BackgroundScheduler;
import org.hibernate.search.mapper.orm.Search;
import org.hibernate.search.mapper.orm.session.SearchSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the index entries waiting in the {@link FulltextBacklog}, a batch at a time, at start and then
 * at every interval: each entity's current state, or its removal if it is gone. An entry leaves the
 * backlog only once its index change is committed.
 */
public final class FulltextBacklogRepair implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(FulltextBacklogRepair.class);
	private static final int BATCH = 500;

	private final FulltextBacklog backlog;
	private final EntityManagerFactory entityManagers;
	private final EntityManager entityManager;
	private final TransactionTemplate transactions;
	private final ResourceReindexer reindexer;
	private final Duration interval;
	private final ScheduledExecutorService scheduler = BackgroundScheduler.named("fjord-fulltext-repair");

	public FulltextBacklogRepair(FulltextBacklog backlog, EntityManagerFactory entityManagers,
			PlatformTransactionManager transactionManager, ResourceReindexer reindexer, Duration interval) {
		this.backlog = backlog;
		this.entityManagers = entityManagers;
		this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagers);
		this.transactions = new TransactionTemplate(transactionManager);
		this.reindexer = reindexer;
		this.interval = interval;
	}

	public void start() {
		scheduler.scheduleWithFixedDelay(this::repairQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Writes the waiting entries, batch after batch while every entry of one succeeds; returns how many were. */
	public int repair() {
		int repaired = 0;
		List<FulltextBacklog.Entry> batch;
		int written;
		do {
			batch = backlog.oldest(BATCH);
			if (batch.isEmpty()) {
				break;
			}
			index(batch);
			written = (int) batch.stream().filter(backlog::remove).count();
			repaired += written;
		} while (batch.size() == BATCH && written == BATCH);
		return repaired;
	}

	/**
	 * Indexes the batch in one transaction. Whatever the index still cannot take is put back in the
	 * backlog at commit, with a newer time, so {@link FulltextBacklog#remove} leaves it there.
	 */
	private void index(List<FulltextBacklog.Entry> batch) {
		transactions.executeWithoutResult(status -> {
			SearchSession search = Search.session(entityManager);
			for (FulltextBacklog.Entry entry : batch) {
				EntityType<?> type = entityType(entry.entityName());
				if (type.getJavaType() == ResourceTable.class) {
					indexResource(search, JpaPid.fromId(entry.id()));
				} else {
					Object entity = entityManager.find(type.getJavaType(), entry.id());
					if (entity == null) {
						search.indexingPlan().purge(type.getJavaType(), entry.id(), null);
					} else {
						search.indexingPlan().addOrUpdate(entity);
					}
				}
			}
		});
	}

	/** HAPI's reindexing: its full-text fields are derived from the resource, not stored in the entity. */
	private void indexResource(SearchSession search, JpaPid pid) {
		ResourceTable resource = entityManager.find(ResourceTable.class, pid);
		if (resource == null || resource.getDeleted() != null) {
			search.indexingPlan().purge(ResourceTable.class, pid, null);
		} else {
			reindexer.reindexResourceEntity(resource);
		}
	}

	private EntityType<?> entityType(String name) {
		return entityManagers.getMetamodel().getEntities().stream()
				.filter(type -> type.getName().equals(name))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No entity named " + name));
	}

	private void repairQuietly() {
		try {
			int repaired = repair();
			if (repaired > 0) {
				log.info("Wrote {} full-text index entries from the backlog", repaired);
			}
		} catch (RuntimeException failure) {
			log.warn("The full-text backlog could not be written yet: {}", failure.getMessage());
		}
	}

	@Override
	public void close() {
		scheduler.shutdownNow();
	}
}
