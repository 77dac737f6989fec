package no.fjord.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.web.MockHttpServletResponse;

class AuditInterceptorTest {

	@Test
	void refusalThatCannotBeRecordedIsAnswered503WithAnOperationOutcomeWithoutThrowingFromHapisHook() throws Exception {
		try (AuditWriter writer = new AuditWriter(unreachable(), Duration.ofSeconds(2))) {
			AuditInterceptor interceptor = new AuditInterceptor(
					new RequestAudit(FhirContext.forR4Cached(), Clock.systemUTC()), writer);
			MockHttpServletResponse response = new MockHttpServletResponse();

			boolean hapiAnswers = interceptor.failing(new SystemRequestDetails(), new MockHttpServletRequest(), response,
					new ResourceNotFoundException("Patient/1"));

			assertThat(hapiAnswers).as("the hook has answered").isFalse();
			assertThat(response.getStatus()).isEqualTo(503);
			assertThat(response.getContentType()).startsWith("application/fhir+json");
			assertThat(response.getContentAsString()).contains("OperationOutcome").contains("could not be recorded");
		}
	}

	@Test
	void serverFailureThatCannotBeRecordedKeepsItsOwnAnswer() throws Exception {
		try (AuditWriter writer = new AuditWriter(unreachable(), Duration.ofSeconds(2))) {
			AuditInterceptor interceptor = new AuditInterceptor(
					new RequestAudit(FhirContext.forR4Cached(), Clock.systemUTC()), writer);
			MockHttpServletResponse response = new MockHttpServletResponse();

			boolean hapiAnswers = interceptor.failing(new SystemRequestDetails(), new MockHttpServletRequest(), response,
					new UnclassifiedServerFailureException(503, "The database is not reachable"));

			assertThat(hapiAnswers).as("HAPI writes the database's 503").isTrue();
			assertThat(response.getContentAsString()).isEmpty();
		}
	}

	/** A real PostgreSQL driver aimed at a port nothing listens on: every connection is refused. */
	private static DataSource unreachable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		return new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:" + closedPort + "/fjord?connectTimeout=2",
				"fjord", "unused");
	}
}
