package no.fjord.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestHeadGuardFilterTest {

	private final RequestHeadGuardFilter filter = new RequestHeadGuardFilter();

	@Test
	void anEncodedNulInThePathIsRefusedWith400() throws Exception {
		MockHttpServletResponse response = run(new MockHttpServletRequest("GET", "/fhir/Patient/a%00b"));

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("OperationOutcome").contains("U+0000");
	}

	@Test
	void aNulInAHeaderIsRefusedWith400AndTheHeaderNamed() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient/1");
		request.addHeader("Fjord-Emergency-Access", "akutt\0");

		MockHttpServletResponse response = run(request);

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("Fjord-Emergency-Access contains the character U+0000");
	}

	@Test
	void anOrdinaryRequestPasses() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient/a-1");
		request.addHeader("Fjord-Emergency-Access", "akutt");
		AtomicBoolean reached = new AtomicBoolean();

		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, (req, res) -> reached.set(true));

		assertThat(reached).isTrue();
		assertThat(response.getStatus()).isEqualTo(200);
	}

	private MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, (req, res) -> {
			throw new AssertionError("must not reach the chain");
		});
		return response;
	}
}
