package no.fjord.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class FhirErrorPageFilterTest {

	private final FhirErrorPageFilter filter = new FhirErrorPageFilter("/fhir");
	private final AtomicBoolean passedOn = new AtomicBoolean();

	@Test
	void aBodyRefusalTheResponseCouldNotCarryIsAnsweredOnTheErrorPage() throws Exception {
		MockHttpServletRequest request = errorDispatch("/fhir/Patient", 400);
		request.setAttribute(RequestBodyGuardFilter.REFUSAL_ATTRIBUTE,
				new RequestBodyRefusal(408, IssueType.TIMEOUT, "The request body did not arrive within 30 seconds"));

		MockHttpServletResponse response = run(request);

		assertThat(response.getStatus()).isEqualTo(408);
		assertThat(response.getContentAsString()).contains("OperationOutcome").contains("did not arrive within 30 seconds");
		assertThat(passedOn).isFalse();
	}

	@Test
	void anyOtherFailureOfAFhirRequestIsAnOperationOutcomeWithItsStatus() throws Exception {
		MockHttpServletResponse response = run(errorDispatch("/fhir/Patient/1", 500));

		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(response.getContentType()).startsWith("application/fhir+json");
		assertThat(response.getContentAsString()).contains("\"code\":\"exception\"");
	}

	@Test
	void errorsOutsideTheFhirEndpointKeepSpringBootsErrorPage() throws Exception {
		run(errorDispatch("/oauth2/token", 500));

		assertThat(passedOn).isTrue();
	}

	private static MockHttpServletRequest errorDispatch(String uri, int status) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
		request.setDispatcherType(DispatcherType.ERROR);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, uri);
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		return request;
	}

	private MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, (req, res) -> passedOn.set(true));
		return response;
	}
}
