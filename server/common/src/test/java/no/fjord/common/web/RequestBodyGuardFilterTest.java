package no.fjord.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RequestBodyGuardFilterTest {

	private final RequestBodyGuardFilter filter =
			new RequestBodyGuardFilter(new RequestBodyLimits(DataSize.ofBytes(100), 4));

	@Test
	void aBodyWithinTheLimitsIsPassedOnIntact() throws Exception {
		String body = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Ås\"}]}";
		AtomicReference<String> seen = new AtomicReference<>();

		MockHttpServletResponse response = run(post(body), request -> seen.set(
				new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(seen.get()).isEqualTo(body);
	}

	@Test
	void aTooLargeBodyIsRefusedWith413AndAnOperationOutcome() throws Exception {
		MockHttpServletResponse response = run(post("{\"x\":\"" + "y".repeat(200) + "\"}"), request -> {
			throw new AssertionError("must not reach the chain");
		});

		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentAsString()).contains("OperationOutcome").contains("100 bytes");
	}

	@Test
	void aBodyNestedTooDeeplyIsRefusedWith400() throws Exception {
		MockHttpServletResponse response = run(post("[[[[[1]]]]]"), request -> {
			throw new AssertionError("must not reach the chain");
		});

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("nests 5 levels").contains("at most 4");
	}

	@Test
	void formPostsAreLeftToTheServletContainer() throws Exception {
		MockHttpServletRequest form = post("family=" + "x".repeat(200));
		form.setContentType("application/x-www-form-urlencoded");
		AtomicReference<Boolean> reached = new AtomicReference<>(false);

		MockHttpServletResponse response = run(form, request -> reached.set(true));

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(reached.get()).isTrue();
	}

	private static MockHttpServletRequest post(String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/fhir/Patient");
		request.setContentType("application/fhir+json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private MockHttpServletResponse run(MockHttpServletRequest request, Chain chain) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, (req, res) -> {
			try {
				chain.handle(req);
			} catch (java.io.IOException e) {
				throw new IllegalStateException(e);
			}
		});
		return response;
	}

	@FunctionalInterface
	private interface Chain {
		void handle(ServletRequest request) throws java.io.IOException;
	}
}
