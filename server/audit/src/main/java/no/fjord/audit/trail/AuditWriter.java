package no.fjord.audit.trail;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Writes audit records durably before the answer leaves, at the cost of one commit shared by everyone
 * waiting: request threads hand their record to one writer thread, which takes everything queued, inserts
 * it in one batch and one transaction, and then lets all of them go (group commit). A request whose
 * record cannot be written in time fails instead of answering unrecorded. Writes are recorded in their
 * own transaction instead ({@link #writeInCurrentTransaction}).
 */
public final class AuditWriter implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
	private static final int MAX_BATCH = 1_000;
	private static final String INSERT = "INSERT INTO fjord_audit_event (recorded, event_type, interaction, action, "
			+ "outcome, outcome_text, purpose, emergency_reason, follow_up, agent_issuer, agent_subject, agent_fhir_user, "
			+ "agent_hpr, agent_organisation, client_id, resource_ref, query, patients, withheld_patients, request_id, "
			+ "remote_address, all_patients) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private record Pending(AuditRecord record, CompletableFuture<Void> written) {
	}

	private final DataSource dataSource;
	private final Duration timeout;
	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
	private final Thread writer;
	private volatile boolean running = true;

	public AuditWriter(DataSource dataSource, Duration timeout) {
		this.dataSource = dataSource;
		this.timeout = timeout;
		this.writer = new Thread(this::writeLoop, "fjord-audit-writer");
		writer.setDaemon(true);
		writer.start();
	}

	/** Returns once the record is committed; throws {@link AuditUnavailableException} when it cannot be. */
	public void write(AuditRecord record) {
		Pending pending = new Pending(record, new CompletableFuture<>());
		queue.add(pending);
		try {
			pending.written().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		} catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new AuditUnavailableException(interrupted);
		} catch (ExecutionException | TimeoutException failed) {
			throw new AuditUnavailableException(failed);
		}
	}

	/**
	 * Inserts the record in the transaction running on this thread, so it commits (or rolls back) with the
	 * write it records.
	 */
	public void writeInCurrentTransaction(AuditRecord record) {
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
			bind(connection, insert, record);
			insert.executeUpdate();
		} catch (SQLException failure) {
			throw new AuditUnavailableException(failure);
		} finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	private void writeLoop() {
		List<Pending> batch = new ArrayList<>();
		while (running) {
			try {
				Pending first = queue.poll(500, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				queue.drainTo(batch, MAX_BATCH - 1);
				insert(batch);
				batch.forEach(pending -> pending.written().complete(null));
			} catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				return;
			} catch (SQLException | RuntimeException failure) {
				log.error("Could not write {} audit records: {}", batch.size(), failure.getMessage());
				batch.forEach(pending -> pending.written().completeExceptionally(failure));
			}
			batch.clear();
		}
	}

	private void insert(List<Pending> batch) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
				for (Pending pending : batch) {
					bind(connection, insert, pending.record());
					insert.addBatch();
				}
				insert.executeBatch();
				connection.commit();
			} catch (SQLException failure) {
				connection.rollback();
				throw failure;
			} finally {
				connection.setAutoCommit(true);
			}
		}
	}

	private static void bind(Connection connection, PreparedStatement insert, AuditRecord record) throws SQLException {
		insert.setTimestamp(1, Timestamp.from(record.recorded()));
		insert.setString(2, record.eventType());
		insert.setString(3, record.interaction());
		insert.setString(4, String.valueOf(record.action()));
		insert.setInt(5, record.outcome());
		insert.setString(6, truncate(record.outcomeText(), 500));
		insert.setString(7, record.purpose());
		insert.setString(8, record.emergencyReason());
		insert.setBoolean(9, record.followUp());
		insert.setString(10, record.agentIssuer());
		insert.setString(11, record.agentSubject());
		insert.setString(12, record.agentFhirUser());
		insert.setString(13, record.agentHpr());
		insert.setString(14, record.agentOrganisation());
		insert.setString(15, record.clientId());
		insert.setString(16, truncate(record.resourceRef(), 500));
		insert.setString(17, record.query());
		insert.setArray(18, textArray(connection, record.patients()));
		insert.setArray(19, textArray(connection, record.withheldPatients()));
		insert.setString(20, record.requestId());
		if (record.remoteAddress() == null) {
			insert.setNull(21, Types.VARCHAR);
		} else {
			insert.setString(21, record.remoteAddress());
		}
		insert.setBoolean(22, record.allPatients());
	}

	private static Array textArray(Connection connection, List<String> values) throws SQLException {
		return connection.createArrayOf("text", values.toArray());
	}

	private static String truncate(String value, int length) {
		return value == null || value.length() <= length ? value : value.substring(0, length);
	}

	@Override
	public void close() {
		running = false;
		writer.interrupt();
	}
}
