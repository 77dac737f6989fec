package no.fjord.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import no.fjord.storage.database.DatabaseOutages;
import org.hibernate.TransactionException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

class ErrorResponseInterceptorTest {

	private final DatabaseOutages outages = new DatabaseOutages(Clock.systemUTC());
	private final ErrorResponseInterceptor errors = new ErrorResponseInterceptor(outages);
	private final SystemRequestDetails request = new SystemRequestDetails();

	@Test
	void fullDatabaseDiskIsInsufficientStorageWithoutSql() {
		PSQLException full = database("53100", "could not extend file \"base/5/16384\": No space left on device");

		BaseServerResponseException response = errors.toResponse(request,
				new InternalErrorException("HAPI-0000: insert into hfj_resource ...", full));

		assertThat(response.getStatusCode()).isEqualTo(507);
		assertThat(response.getResponseHeaders()).containsKey("Retry-After");
		assertThat(diagnostics(response)).contains("nothing was stored").doesNotContain("hfj_").doesNotContain("base/5");
	}

	@Test
	void noRoomForTheWriteAheadLogIsInsufficientStorage() {
		// seen on a full volume: the commit PANICs, and the driver's exception carries the message only
		PSQLException panic = new PSQLException(
				"PANIC: could not write to file \"pg_wal/xlogtemp.1413\": No space left on device", PSQLState.UNKNOWN_STATE);

		BaseServerResponseException response = errors.toResponse(request, new InternalErrorException(
				"HAPI-0389: Failed to call access method", new DataAccessResourceFailureException("Unable to commit", panic)));

		assertThat(response.getStatusCode()).isEqualTo(507);
		assertThat(diagnostics(response)).doesNotContain("pg_wal");
	}

	@Test
	void fullIndexDiskIsInsufficientStorage() {
		BaseServerResponseException response = errors.toResponse(request,
				new InternalErrorException("indexing failed", new IOException("No space left on device")));
		assertThat(response.getStatusCode()).isEqualTo(507);
	}

	@Test
	void referenceToATargetDeletedMeanwhileIsAConflict() {
		PSQLException trigger = database(DatabaseFailures.DELETED_TARGET, "Patient/p1 has been deleted; a resource can no longer refer to it");

		BaseServerResponseException response = errors.toResponse(request, new InternalErrorException("x", trigger));

		assertThat(response.getStatusCode()).isEqualTo(409);
		assertThat(diagnostics(response)).isEqualTo("Patient/p1 has been deleted; a resource can no longer refer to it");
	}

	@Test
	void versionRaceLostByAnIfMatchUpdateIsAFailedPrecondition() {
		request.setRestOperationType(RestOperationTypeEnum.UPDATE);
		request.addHeader("If-Match", "W/\"1\"");

		BaseServerResponseException response = errors.toResponse(request, new ResourceVersionConflictException(
				"HAPI-0550: HAPI-0823: The operation has failed with a version constraint failure."));

		assertThat(response.getStatusCode()).isEqualTo(412);
	}

	@Test
	void versionRaceWithoutIfMatchStaysAConflictWithoutSql() {
		request.setRestOperationType(RestOperationTypeEnum.UPDATE);
		ResourceVersionConflictException raced = new ResourceVersionConflictException("HAPI-0550: could not execute statement [insert into hfj_res_ver]",
				new DataIntegrityViolationException("x", database("23505", "duplicate key value violates unique constraint")), null);

		BaseServerResponseException response = errors.toResponse(request, raced);

		assertThat(response.getStatusCode()).isEqualTo(409);
		assertThat(diagnostics(response)).doesNotContain("insert").doesNotContain("hfj_");
	}

	@Test
	void poolTimeoutWhileTheDatabaseIsDownIsA503TheClientMayRetry() {
		RuntimeException failure = new CannotCreateTransactionException("Could not open JPA EntityManager",
				new SQLTransientConnectionException("fjord-embedded - Connection is not available"));

		BaseServerResponseException sent = errors.toResponse(new SystemRequestDetails(), failure);

		assertThat(sent.getStatusCode()).isEqualTo(503);
		OperationOutcome outcome = (OperationOutcome) sent.getOperationOutcome();
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(IssueType.TRANSIENT);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("database is not reachable")
				.doesNotContain("fjord-embedded");
	}

	@Test
	void connectionLostInTheMiddleOfAQueryIsA503() {
		RuntimeException failure = new IllegalStateException("wrapped",
				new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE));

		assertThat(errors.toResponse(new SystemRequestDetails(), failure).getStatusCode()).isEqualTo(503);
	}

	@Test
	void rollbackOnAConnectionThePoolHasClosedIsA503() {
		RuntimeException failure = new InternalErrorException("HAPI-0389: Failed to call access method",
				new JpaSystemException(new TransactionException("Unable to rollback against JDBC Connection",
						new SQLException("Connection is closed"))));

		assertThat(errors.toResponse(new SystemRequestDetails(), failure).getStatusCode()).isEqualTo(503);
	}

	@Test
	void aSearchThatFailedWhileTheEmbeddedDatabaseWasDownIsA503() {
		outages.record();
		// HAPI reports a failed search with its root cause's message only
		RuntimeException failure = new InternalErrorException("FATAL: the database system is not yet accepting connections");

		assertThat(errors.toResponse(new SystemRequestDetails(), failure).getStatusCode()).isEqualTo(503);
	}

	@Test
	void otherFaultsStayA500WithoutInternals() {
		BaseServerResponseException sent = errors.toResponse(new SystemRequestDetails(),
				new IllegalStateException("secret internals"));

		assertThat(sent.getStatusCode()).isEqualTo(500);
		assertThat(sent.getMessage()).doesNotContain("secret");
	}

	/** An error as PostgreSQL sends it: severity, SQLSTATE and message fields. */
	private static PSQLException database(String sqlState, String message) {
		return new PSQLException(new ServerErrorMessage("SERROR\u0000C" + sqlState + "\u0000M" + message + "\u0000"));
	}

	private static String diagnostics(BaseServerResponseException response) {
		return ((OperationOutcome) response.getOperationOutcome()).getIssueFirstRep().getDiagnostics();
	}
}
