package no.fjord.storage.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
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
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

class ErrorResponseInterceptorTest {

	private final DatabaseOutages outages = new DatabaseOutages(Clock.systemUTC());
	private final ErrorResponseInterceptor mapping = new ErrorResponseInterceptor(outages);

	@Test
	void poolTimeoutWhileTheDatabaseIsDownIsA503TheClientMayRetry() {
		RuntimeException failure = new CannotCreateTransactionException("Could not open JPA EntityManager",
				new SQLTransientConnectionException("fjord-embedded - Connection is not available"));

		BaseServerResponseException sent = mapping.toResponse(new SystemRequestDetails(), failure);

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

		assertThat(mapping.toResponse(new SystemRequestDetails(), failure).getStatusCode()).isEqualTo(503);
	}

	@Test
	void rollbackOnAConnectionThePoolHasClosedIsA503() {
		RuntimeException failure = new InternalErrorException("HAPI-0389: Failed to call access method",
				new JpaSystemException(new TransactionException("Unable to rollback against JDBC Connection",
						new SQLException("Connection is closed"))));

		assertThat(mapping.toResponse(new SystemRequestDetails(), failure).getStatusCode()).isEqualTo(503);
	}

	@Test
	void aSearchThatFailedWhileTheEmbeddedDatabaseWasDownIsA503() {
		outages.record();
		// HAPI reports a failed search with its root cause's message only
		RuntimeException failure = new InternalErrorException("FATAL: the database system is not yet accepting connections");

		assertThat(mapping.toResponse(new SystemRequestDetails(), failure).getStatusCode()).isEqualTo(503);
	}

	@Test
	void otherFaultsStayA500WithoutInternals() {
		BaseServerResponseException sent = mapping.toResponse(new SystemRequestDetails(),
				new IllegalStateException("secret internals"));

		assertThat(sent.getStatusCode()).isEqualTo(500);
		assertThat(sent.getMessage()).doesNotContain("secret");
	}
}
