package no.fjord.fhir.rest;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.hibernate.exception.JDBCConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Recognises, in an exception's causes, the database failures that are not server faults:
 * <ul>
 *   <li>two writes met: a reference to a resource deleted meanwhile (Fjord's trigger), a deadlock or a
 *       serialization failure. Conflicts (409) a client can act on; their SQL must not reach it;</li>
 *   <li>a full disk, which is the operator's to fix (507);</li>
 *   <li>a database that cannot be reached: stopped, restarting, every connection busy (503).</li>
 * </ul>
 */
final class DatabaseFailures {

	/** Raised by {@code fjord_reference_target_live()} (storage's db/fjord/reference-target-live.sql). */
	static final String DELETED_TARGET = "FJ409";
	private static final String DEADLOCK = "40P01";
	private static final String SERIALIZATION_FAILURE = "40001";
	private static final String DISK_FULL = "53100";
	/** SQLSTATEs of class 08 (connection exception) and 57P01-57P03 (the server shut down, crashed, is starting). */
	private static final List<String> UNREACHABLE_SQL_STATES = List.of("08", "57P01", "57P02", "57P03");
	private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

	private DatabaseFailures() {}

	/** The trigger's message when the write referred to a resource deleted meanwhile. */
	static Optional<String> deletedReferenceTarget(Throwable failure) {
		return sqlException(failure)
				.filter(sql -> DELETED_TARGET.equals(sql.getSQLState()))
				.map(DatabaseFailures::serverMessage);
	}

	/** Whether the database gave up one of two writes that waited for each other. */
	static boolean concurrentWriteLost(Throwable failure) {
		return sqlException(failure)
				.map(SQLException::getSQLState)
				.filter(state -> DEADLOCK.equals(state) || SERIALIZATION_FAILURE.equals(state))
				.isPresent();
	}

	/** Whether the database (or the full-text index) refused the write because its disk is full. */
	static boolean diskFull(Throwable failure) {
		// A PANIC (no room for the write-ahead log) reaches the driver as a message without the SQLSTATE.
		return sqlException(failure).map(SQLException::getSQLState).filter(DISK_FULL::equals).isPresent()
				|| causes(failure).anyMatch(cause -> cause.getMessage() != null
						&& cause.getMessage().contains("No space left on device"));
	}

	/** No connection could be had (the pool timed out or the server refused one), found anywhere in the causes. */
	static boolean unreachable(Throwable failure) {
		return causes(failure).anyMatch(cause -> cause instanceof SQLTransientConnectionException
				|| cause instanceof JDBCConnectionException || cause instanceof CannotCreateTransactionException
				|| cause instanceof SQLException sql && isConnectionLost(sql));
	}

	private static boolean isConnectionLost(SQLException sql) {
		if (sql.getSQLState() == null) {
			// HikariCP's stand-in for a connection it evicted as broken (a rollback on it fails so) has no SQLSTATE
			return HIKARI_CLOSED_CONNECTION.equals(sql.getMessage());
		}
		return UNREACHABLE_SQL_STATES.stream().anyMatch(sql.getSQLState()::startsWith);
	}

	/** Whether the failure came from the database at all. */
	static boolean fromDatabase(Throwable failure) {
		return sqlException(failure).isPresent();
	}

	private static Optional<SQLException> sqlException(Throwable failure) {
		return causes(failure).filter(SQLException.class::isInstance).map(SQLException.class::cast).findFirst()
				// A batch failure names the statement's own error as its next exception.
				.map(sql -> sql.getNextException() != null && sql.getNextException().getSQLState() != null
						? sql.getNextException() : sql);
	}

	/** The failure and its causes, outermost first. */
	private static Stream<Throwable> causes(Throwable failure) {
		return Stream.iterate(failure, Objects::nonNull, cause -> cause.getCause() == cause ? null : cause.getCause());
	}

	private static String serverMessage(SQLException sql) {
		if (sql instanceof PSQLException psql) {
			ServerErrorMessage server = psql.getServerErrorMessage();
			if (server != null && server.getMessage() != null) {
				return server.getMessage();
			}
		}
		return "A resource this write refers to has been deleted";
	}
}
