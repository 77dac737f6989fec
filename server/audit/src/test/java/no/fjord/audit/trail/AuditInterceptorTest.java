package no.fjord.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import no.fjord.storage.rest.ErrorResponseInterceptor;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

class AuditInterceptorTest {

	@Test
	void accessThatCannotBeRecordedIsRefusedWith503AndThatIsWhatTheClientGets() throws SQLException {
		DataSource unreachable = mock(DataSource.class);
		when(unreachable.getConnection()).thenThrow(new SQLException("connection refused"));
		try (AuditWriter writer = new AuditWriter(unreachable, Duration.ofSeconds(2))) {
			AuditInterceptor interceptor = new AuditInterceptor(
					new RequestAudit(FhirContext.forR4Cached(), Clock.systemUTC()), writer);
			SystemRequestDetails request = new SystemRequestDetails();

			assertThatThrownBy(() -> interceptor.failing(request, new ResourceNotFoundException("Patient/1")))
					.isInstanceOfSatisfying(BaseServerResponseException.class, refused -> {
						assertThat(refused.getStatusCode()).isEqualTo(503);
						assertThat(((OperationOutcome) refused.getOperationOutcome()).getIssueFirstRep().getDiagnostics())
								.contains("could not be recorded");
						BaseServerResponseException sent = new ErrorResponseInterceptor().toResponse(request, refused);
						assertThat(sent.getStatusCode()).as("not turned into a generic 500").isEqualTo(503);
					});
		}
	}
}
