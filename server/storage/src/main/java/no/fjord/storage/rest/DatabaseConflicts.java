package no.fjord.storage.rest;

import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Recognises, in an exception's causes, the database's word that two writes met: a reference to a
 * resource deleted meanwhile (Fjord's trigger), a deadlock or a serialization failure. These are
 * conflicts (409) a client can act on, not server faults, and their SQL must not reach the client.
 * Also recognises a full disk, which is the operator's to fix, not the client's.
 */
final class DatabaseConflicts {

	/** Raised by {@code fjord_reference_target_live()} (storage's db/fjord/reference-target-live.sql). */
	static final String DELETED_TARGET = "FJ409";
	private static final String DEADLOCK = "40P01";
	private static final String SERIALIZATION_FAILURE = "40001";
	private static final String DISK_FULL = "53100";

	private DatabaseConflicts() {}

	/** The trigger's message when the write referred to a resource deleted meanwhile. */
	static Optional<String> deletedReferenceTarget(Throwable failure) {
		return sqlException(failure)
				.filter(sql -> DELETED_TARGET.equals(sql.getSQLState()))
				.map(DatabaseConflicts::serverMessage);
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
		if (sqlException(failure).map(SQLException::getSQLState).filter(DISK_FULL::equals).isPresent()) {
			return true;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof java.io.IOException && cause.getMessage() != null
					&& cause.getMessage().contains("No space left on device")) {
				return true;
			}
		}
		return false;
	}

	/** Whether the failure came from the database at all. */
	static boolean fromDatabase(Throwable failure) {
		return sqlException(failure).isPresent();
	}

	private static Optional<SQLException> sqlException(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof SQLException sql) {
				// A batch failure names the statement's own error as its next exception.
				SQLException next = sql.getNextException();
				return Optional.of(next != null && next.getSQLState() != null ? next : sql);
			}
		}
		return Optional.empty();
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
