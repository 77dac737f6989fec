package no.fjord.audit.trail;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
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
 * record cannot be written in time fails instead of answering unrecorded, and a record the database
 * refuses fails alone, not its batch. Writes are recorded in their own transaction instead
 * ({@link #writeInCurrentTransaction}).
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
				write(batch);
			} catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				return;
			}
			batch.clear();
		}
	}

	/**
	 * One batch, one commit; when that fails, each record is tried on its own, so one record the
	 * database refuses fails only its own request, not everyone else's waiting with it.
	 */
	private void write(List<Pending> batch) {
		try {
			insert(batch);
			batch.forEach(pending -> pending.written().complete(null));
			return;
		} catch (SQLException | RuntimeException failure) {
			if (batch.size() == 1 || isConnectionFailure(failure)) {
				log.error("Could not write {} audit records: {}", batch.size(), failure.getMessage());
				batch.forEach(pending -> pending.written().completeExceptionally(failure));
				return;
			}
			log.warn("Could not write a batch of {} audit records ({}); writing them one by one", batch.size(),
					failure.getMessage());
		}
		for (int i = 0; i < batch.size(); i++) {
			Pending pending = batch.get(i);
			try {
				insert(List.of(pending));
				pending.written().complete(null);
			} catch (SQLException | RuntimeException failure) {
				log.error("Could not write an audit record: {}", failure.getMessage());
				pending.written().completeExceptionally(failure);
				if (isConnectionFailure(failure)) {
					batch.subList(i + 1, batch.size()).forEach(rest -> rest.written().completeExceptionally(failure));
					return;
				}
			}
		}
	}

	/**
	 * The database is out of reach (no pooled connection, SQLSTATE class 08), so trying record by record
	 * would only keep the writer waiting longer.
	 */
	private static boolean isConnectionFailure(Exception failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
					|| cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
		}
		return false;
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
		insert.setString(2, text(record.eventType(), 20));
		insert.setString(3, text(record.interaction(), 100));
		insert.setString(4, String.valueOf(record.action()));
		insert.setInt(5, record.outcome());
		insert.setString(6, text(record.outcomeText(), 500));
		insert.setString(7, text(record.purpose(), 20));
		insert.setString(8, text(record.emergencyReason(), 1000));
		insert.setBoolean(9, record.followUp());
		insert.setString(10, text(record.agentIssuer(), 1000));
		insert.setString(11, text(record.agentSubject(), 1000));
		insert.setString(12, text(record.agentFhirUser(), 1000));
		insert.setString(13, text(record.agentHpr(), 50));
		insert.setString(14, text(record.agentOrganisation(), 50));
		insert.setString(15, text(record.clientId(), 500));
		insert.setString(16, text(record.resourceRef(), 500));
		insert.setString(17, text(record.query(), Integer.MAX_VALUE));
		insert.setArray(18, textArray(connection, record.patients()));
		insert.setArray(19, textArray(connection, record.withheldPatients()));
		insert.setString(20, text(record.requestId(), 100));
		if (record.remoteAddress() == null) {
			insert.setNull(21, Types.VARCHAR);
		} else {
			insert.setString(21, text(record.remoteAddress(), 100));
		}
		insert.setBoolean(22, record.allPatients());
	}

	private static Array textArray(Connection connection, List<String> values) throws SQLException {
		return connection.createArrayOf("text", values.stream().map(value -> text(value, Integer.MAX_VALUE)).toArray());
	}

	/**
	 * What a text column can hold: PostgreSQL text cannot hold U+0000 (shown as U+FFFD instead), and a
	 * value longer than its column is cut, so no request's input can make its record unwritable.
	 */
	static String text(String value, int maxLength) {
		if (value == null) {
			return null;
		}
		String clean = value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
		return clean.length() <= maxLength ? clean : clean.substring(0, maxLength);
	}

	@Override
	public void close() {
		running = false;
		writer.interrupt();
	}
}
