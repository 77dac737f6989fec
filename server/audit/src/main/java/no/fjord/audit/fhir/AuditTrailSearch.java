package no.fjord.audit.fhir;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import no.fjord.audit.trail.AuditRecord;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads the audit trail: one event by id, or the events matching a {@link Criteria}, newest first. */
public final class AuditTrailSearch {

	/**
	 * What to look for; every list holds alternatives (any will do), every field must hold.
	 *
	 * @param patients each inner list: the event touched one of these patients (an export that reached every
	 *     patient counts for those already in the trail when it ran)
	 * @param agents the user (fhirUser), the HPR number or the client app
	 * @param excludedAgents leave out events by any of these (a patient's own accesses)
	 * @param hiddenPatients leave out every event that touched any of these patients (whose blockings name
	 *     the reader)
	 */
	public record Criteria(List<List<String>> patients, List<String> agents, List<String> excludedAgents,
			Instant from, Instant to, List<String> actions, List<Integer> outcomes, List<String> purposes,
			List<String> hiddenPatients) {
	}

	private static final String COLUMNS = "id, recorded, event_type, interaction, action, outcome, outcome_text, purpose, "
			+ "emergency_reason, follow_up, agent_issuer, agent_subject, agent_fhir_user, agent_hpr, agent_organisation, "
			+ "client_id, resource_ref, query, patients, withheld_patients, all_patients, request_id, remote_address";

	private final JdbcTemplate jdbc;

	public AuditTrailSearch(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<StoredAuditEvent> byId(long id) {
		return jdbc.query("SELECT " + COLUMNS + " FROM fjord_audit_event WHERE id = ?", AuditTrailSearch::row, id)
				.stream().findFirst();
	}

	public List<StoredAuditEvent> find(Criteria criteria, int offset, int count) {
		List<Object> arguments = new ArrayList<>();
		String where = where(criteria, arguments);
		arguments.add(count);
		arguments.add(offset);
		return jdbc.query("SELECT " + COLUMNS + " FROM fjord_audit_event" + where
				+ " ORDER BY recorded DESC, id DESC LIMIT ? OFFSET ?", AuditTrailSearch::row, arguments.toArray());
	}

	public int count(Criteria criteria) {
		List<Object> arguments = new ArrayList<>();
		String where = where(criteria, arguments);
		Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM fjord_audit_event" + where, Integer.class, arguments.toArray());
		return count == null ? 0 : count;
	}

	private static String where(Criteria criteria, List<Object> arguments) {
		List<String> conditions = new ArrayList<>();
		for (List<String> anyOf : criteria.patients()) {
			// An export of everyone counts for a patient once they are in the trail (their record existed).
			conditions.add("(patients && ?::text[] OR (all_patients AND recorded >= "
					+ "(SELECT MIN(first.recorded) FROM fjord_audit_event first WHERE first.patients && ?::text[])))");
			arguments.add(arrayLiteral(anyOf));
			arguments.add(arrayLiteral(anyOf));
		}
		if (!criteria.agents().isEmpty()) {
			conditions.add("(agent_fhir_user = ANY(?::text[]) OR agent_hpr = ANY(?::text[]) OR client_id = ANY(?::text[]))");
			String agents = arrayLiteral(criteria.agents());
			arguments.addAll(List.of(agents, agents, agents));
		}
		if (!criteria.excludedAgents().isEmpty()) {
			conditions.add("(agent_fhir_user IS NULL OR NOT agent_fhir_user = ANY(?::text[]))");
			arguments.add(arrayLiteral(criteria.excludedAgents()));
		}
		if (!criteria.hiddenPatients().isEmpty()) {
			conditions.add("NOT (patients && ?::text[])");
			arguments.add(arrayLiteral(criteria.hiddenPatients()));
		}
		if (criteria.from() != null) {
			conditions.add("recorded >= ?");
			arguments.add(Timestamp.from(criteria.from()));
		}
		if (criteria.to() != null) {
			conditions.add("recorded <= ?");
			arguments.add(Timestamp.from(criteria.to()));
		}
		if (!criteria.actions().isEmpty()) {
			conditions.add("action = ANY(?::text[])");
			arguments.add(arrayLiteral(criteria.actions()));
		}
		if (!criteria.outcomes().isEmpty()) {
			conditions.add("outcome = ANY(?::smallint[])");
			arguments.add(arrayLiteral(criteria.outcomes().stream().map(String::valueOf).toList()));
		}
		if (!criteria.purposes().isEmpty()) {
			conditions.add("purpose = ANY(?::text[])");
			arguments.add(arrayLiteral(criteria.purposes()));
		}
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

	/** A PostgreSQL array literal, each element quoted and escaped. */
	private static String arrayLiteral(List<String> values) {
		StringBuilder literal = new StringBuilder("{");
		for (int index = 0; index < values.size(); index++) {
			if (index > 0) {
				literal.append(',');
			}
			literal.append('"').append(values.get(index).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
		}
		return literal.append('}').toString();
	}

	private static StoredAuditEvent row(ResultSet row, int index) throws SQLException {
		AuditRecord record = new AuditRecord(row.getTimestamp("recorded").toInstant(), row.getString("event_type"),
				row.getString("interaction"), row.getString("action").charAt(0), row.getInt("outcome"),
				row.getString("outcome_text"), row.getString("purpose"), row.getString("emergency_reason"),
				row.getBoolean("follow_up"), row.getString("agent_issuer"), row.getString("agent_subject"),
				row.getString("agent_fhir_user"), row.getString("agent_hpr"), row.getString("agent_organisation"),
				row.getString("client_id"), row.getString("resource_ref"), row.getString("query"),
				Arrays.asList((String[]) row.getArray("patients").getArray()),
				Arrays.asList((String[]) row.getArray("withheld_patients").getArray()), row.getBoolean("all_patients"),
				row.getString("request_id"),
				row.getString("remote_address"));
		return new StoredAuditEvent(row.getLong("id"), record);
	}
}
