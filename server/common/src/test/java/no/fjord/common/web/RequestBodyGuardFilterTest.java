package no.fjord.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RequestBodyGuardFilterTest {

	private final RequestBodyBudget budget = new RequestBodyBudget(DataSize.ofBytes(1000));
	private final SteppingClock clock = new SteppingClock();
	private final RequestBodyGuardFilter filter = new RequestBodyGuardFilter(
			new RequestBodyLimits(DataSize.ofBytes(100), 4, Duration.ofSeconds(30)), budget, clock);

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
	void aGzipBodyIsExpandedAndHandedOnWithoutItsContentEncoding() throws Exception {
		String body = "{\"resourceType\":\"Patient\"}";
		MockHttpServletRequest request = post(gzip(body.getBytes(StandardCharsets.UTF_8)));
		request.addHeader("Content-Encoding", "gzip");
		AtomicReference<String> seen = new AtomicReference<>();

		MockHttpServletResponse response = run(request, passed -> seen.set(((HttpServletRequest) passed)
				.getHeader("Content-Encoding") + " " + new String(passed.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(seen.get()).isEqualTo("null " + body);
	}

	@Test
	void aGzipBodyExpandingPastTheLimitIsRefusedWith413() throws Exception {
		MockHttpServletRequest request = post(gzip(("{\"x\":\"" + "0".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8)));
		request.addHeader("Content-Encoding", "gzip");

		MockHttpServletResponse response = run(request, unreachable());

		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentAsString()).contains("OperationOutcome").contains("expands to more than the 100 bytes");
	}

	@Test
	void aBodyThatIsNotGzipAsDeclaredIsRefusedWith400() throws Exception {
		MockHttpServletRequest request = post("{\"resourceType\":\"Patient\"}");
		request.addHeader("Content-Encoding", "gzip");

		MockHttpServletResponse response = run(request, unreachable());

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("not valid gzip");
	}

	@Test
	void whenTheBudgetIsSpentABodyIsRefusedWith503AndRetryAfter() throws Exception {
		try (RequestBodyBudget.Share others = budget.open()) {
			assertThat(others.grow(990)).isTrue();

			MockHttpServletResponse response = run(post("{\"resourceType\":\"Patient\",\"active\":true}"), unreachable());

			assertThat(response.getStatus()).isEqualTo(503);
			assertThat(response.getHeader("Retry-After")).isEqualTo("5");
			assertThat(response.getContentAsString()).contains("OperationOutcome").contains("too many request bodies");
		}
	}

	@Test
	void theBudgetIsGivenBackWhenTheRequestIsAnswered() throws Exception {
		AtomicReference<Long> heldDuringRequest = new AtomicReference<>();

		run(post("{\"resourceType\":\"Patient\"}"), request -> heldDuringRequest.set(budget.taken()));

		assertThat(heldDuringRequest.get()).isPositive();
		assertThat(budget.taken()).isZero();
	}

	@Test
	void aBodyArrivingAfterTheUploadDeadlineIsRefusedWith408() throws Exception {
		MockHttpServletRequest request = post("{\"resourceType\":\"Patient\"}");
		clock.step = Duration.ofSeconds(31);

		MockHttpServletResponse response = run(request, unreachable());

		assertThat(response.getStatus()).isEqualTo(408);
		assertThat(response.getContentAsString()).contains("did not arrive within 30 seconds");
		assertThat(budget.taken()).isZero();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			duplicate key            | {"resourceType":"Patient","gender":"male","gender":"female"}  | "gender" appears twice in the same object (at /gender)
			nested duplicate key     | {"a":[{"b":1,"c":2,"b":3}]}                                   | "b" appears twice in the same object (at /a/0/b)
			escaped NUL in a string  | {"resourceType":"Patient","id":"a\\u0000b"}                 | U+0000
			escaped NUL in a key     | {"a\\u0000":1}                                               | U+0000
			""")
	void jsonTheParserWouldAcceptSilentlyIsRefusedWith400(String what, String body, String mentions) throws Exception {
		MockHttpServletResponse response = run(post(body), unreachable());

		assertThat(response.getStatus()).as(what).isEqualTo(400);
		assertThat(response.getContentAsString()).as(what).contains(mentions.replace("\"", "\\\""));
	}

	@Test
	void aRawNulByteIsRefusedWith400() throws Exception {
		MockHttpServletResponse response = run(post("<Patient>\u0000</Patient>"), unreachable());

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("U+0000");
	}

	@Test
	void invalidUtf8IsRefusedWith400AndTheOffsetNamed() throws Exception {
		byte[] body = "{\"name\":\"Ås\"}".getBytes(StandardCharsets.ISO_8859_1);

		MockHttpServletResponse response = run(post(body), unreachable());

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).contains("not valid UTF-8 (at byte 9)");
	}

	@Test
	void aBodyDeclaringAnotherCharsetIsLeftToTheParser() throws Exception {
		MockHttpServletRequest request = post("<Patient xmlns=\"http://hl7.org/fhir\"/><!-- Ås -->".getBytes(StandardCharsets.ISO_8859_1));
		request.setContentType("application/fhir+xml;charset=ISO-8859-1");
		AtomicReference<Boolean> reached = new AtomicReference<>(false);

		MockHttpServletResponse response = run(request, passed -> reached.set(true));

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(reached.get()).isTrue();
	}

	@Test
	void malformedJsonIsLeftToTheFhirParserToExplain() throws Exception {
		AtomicReference<Boolean> reached = new AtomicReference<>(false);

		MockHttpServletResponse response = run(post("{\"resourceType\":\"Patient\","), passed -> reached.set(true));

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(reached.get()).isTrue();
	}

	@Test
	void aFormPostKeepsItsParametersReadableFromTheBufferedBody() throws Exception {
		MockHttpServletRequest form = post("name=%C3%85s&_id=a,b");
		form.setContentType("application/x-www-form-urlencoded");
		form.setQueryString("_format=json&name=Kari");
		AtomicReference<String> seen = new AtomicReference<>();

		MockHttpServletResponse response = run(form, request -> seen.set(String.join("|",
				request.getParameterMap().keySet()) + " " + String.join("|", request.getParameterValues("name"))
				+ " " + request.getParameter("_id")));

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(seen.get()).isEqualTo("_format|name|_id Kari|Ås a,b");
	}

	@Test
	void aTooLargeFormPostIsRefusedWith413() throws Exception {
		MockHttpServletRequest form = post("family=" + "x".repeat(200));
		form.setContentType("application/x-www-form-urlencoded");

		MockHttpServletResponse response = run(form, unreachable());

		assertThat(response.getStatus()).isEqualTo(413);
	}

	private static MockHttpServletRequest post(String body) {
		return post(body.getBytes(StandardCharsets.UTF_8));
	}

	private static MockHttpServletRequest post(byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/fhir/Patient");
		request.setContentType("application/fhir+json");
		request.setContent(body);
		return request;
	}

	private static byte[] gzip(byte[] plain) throws java.io.IOException {
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
			out.write(plain);
		}
		return compressed.toByteArray();
	}

	private static Chain unreachable() {
		return request -> {
			throw new AssertionError("must not reach the chain");
		};
	}

	/** A clock that moves on by {@code step} each time it is read. */
	private static final class SteppingClock extends Clock {
		private Instant now = Instant.parse("2026-01-01T00:00:00Z");
		private Duration step = Duration.ZERO;

		@Override
		public Instant instant() {
			Instant current = now;
			now = now.plus(step);
			return current;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}
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
