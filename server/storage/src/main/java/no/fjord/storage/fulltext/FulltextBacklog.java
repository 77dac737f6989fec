package no.fjord.storage.fulltext;

import ca.uhn.fhir.jpa.model.dao.JpaPid;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hibernate.search.engine.common.EntityReference;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Entities stored in the database whose full-text index entry could not be written (table
 * {@code fjord_fulltext_backlog}). Recording again refreshes the time, so a repair that read an
 * older entry does not remove the newer one.
 */
public final class FulltextBacklog {

	/** One entity to index again, as recorded at {@code recordedAt}. */
	public record Entry(String entityName, long id, Timestamp recordedAt) {}

	private final JdbcTemplate jdbc;

	public FulltextBacklog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Records the entities; returns how many could be named (those with a numeric or HAPI id). */
	public int record(Collection<? extends EntityReference> entities) {
		List<Object[]> rows = entities.stream()
				.flatMap(entity -> numericId(entity.id()).map(id -> new Object[] {entity.name(), id}).stream())
				.toList();
		jdbc.batchUpdate("INSERT INTO fjord_fulltext_backlog (entity_name, entity_id) VALUES (?, ?) "
				+ "ON CONFLICT (entity_name, entity_id) DO UPDATE SET recorded_at = clock_timestamp()", rows);
		return rows.size();
	}

	/** The longest-waiting entries, at most {@code limit}. */
	public List<Entry> oldest(int limit) {
		return jdbc.query("SELECT entity_name, entity_id, recorded_at FROM fjord_fulltext_backlog "
				+ "ORDER BY recorded_at LIMIT ?",
				(row, i) -> new Entry(row.getString(1), row.getLong(2), row.getTimestamp(3)), limit);
	}

	/** Removes the entry unless its entity has been recorded again since it was read; returns whether it did. */
	public boolean remove(Entry entry) {
		return 1 == jdbc.update("DELETE FROM fjord_fulltext_backlog WHERE entity_name = ? AND entity_id = ? AND recorded_at = ?",
				entry.entityName(), entry.id(), entry.recordedAt());
	}

	private static Optional<Long> numericId(Object id) {
		if (id instanceof JpaPid pid) {
			return Optional.ofNullable(pid.getId());
		}
		return id instanceof Number number ? Optional.of(number.longValue()) : Optional.empty();
	}
}
