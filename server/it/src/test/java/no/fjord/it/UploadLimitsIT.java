package no.fjord.it;

import static no.fjord.it.BadInputIT.assertCleanOperationOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Request bodies cannot hold the server's threads or memory: a request without a token is refused
 * before its body is read, a body that does not arrive within the upload timeout gets 408, and bodies
 * held at once beyond the budget get 503. The shared server runs with a 10 s upload timeout and a
 * 48 MB budget ({@link FjordServerIT}). Every connection has a read timeout, so the tests end by
 * themselves.
 */
class UploadLimitsIT extends FjordServerIT {

	private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(10);

	@Test
	void requestsWithoutATokenAreRefusedBeforeTheirBodiesAreRead() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(40);
		try {
			List<Future<RawConnection.Answer>> answers = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				answers.add(clients.submit(() -> {
					// declares 16 MB and sends none of it: only a server that waits for the body stays silent
					try (RawConnection connection = new RawConnection(port)) {
						return connection.send(postHead(null, 16_000_000)).read(Duration.ofSeconds(15));
					}
				}));
			}
			for (Future<RawConnection.Answer> future : answers) {
				RawConnection.Answer answer = future.get(60, TimeUnit.SECONDS);
				assertThat(answer.status()).isEqualTo(401);
				assertThat(answer.body()).contains("OperationOutcome");
				assertThat(answer.closed()).as("the server closes instead of draining the body").isTrue();
				assertThat(answer.text()).as("and says so, so that no client sends its next request on it")
						.containsIgnoringCase("Connection: close");
				assertThat(answer.after()).isLessThan(Duration.ofSeconds(15));
			}
		} finally {
			clients.shutdownNow();
		}
	}

	@Test
	void aBodySentTwoBytesASecondIsRefusedWith408AtTheDeadline() throws Exception {
		try (RawConnection connection = new RawConnection(port)) {
			connection.send(postHead(token(), 10_000));
			Thread dripping = new Thread(() -> {
				try {
					for (int i = 0; i < 120 && !Thread.currentThread().isInterrupted(); i++) {
						connection.send("  ");
						Thread.sleep(500);
					}
				} catch (IOException | InterruptedException stopped) {
					// the server closed the connection, or the test is over
				}
			});
			dripping.start();
			try {
				RawConnection.Answer answer = connection.read(UPLOAD_TIMEOUT.plusSeconds(15));

				assertThat(answer.status()).isEqualTo(408);
				assertCleanOperationOutcome(answer.body());
				assertThat(answer.body()).contains("did not arrive within 10 seconds");
				assertThat(answer.closed()).isTrue();
				assertThat(answer.after()).isLessThan(UPLOAD_TIMEOUT.plusSeconds(10));
			} finally {
				dripping.interrupt();
			}
		}
	}

	@Test
	void aBodyThatStopsArrivingIsRefusedWith408() throws Exception {
		try (RawConnection connection = new RawConnection(port)) {
			RawConnection.Answer answer = connection.send(postHead(token(), 10_000)).send("{\"resourceType\":")
					.read(UPLOAD_TIMEOUT.plusSeconds(15));

			assertThat(answer.status()).isEqualTo(408);
			assertCleanOperationOutcome(answer.body());
			assertThat(answer.after()).isLessThan(UPLOAD_TIMEOUT.plusSeconds(10));
		}
	}

	@Test
	void bodiesBeyondTheBudgetAreRefusedWith503UntilItIsGivenBack() throws Exception {
		// four uploads of 15 MB that never finish, against a 48 MB budget: three are read (and end in 408
		// at the upload timeout), one is refused at once
		List<Integer> statuses = new ArrayList<>();
		List<RawConnection> uploads = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				uploads.add(new RawConnection(port).send(postHead(token(), 15_000_000)).send("{"));
			}
			for (RawConnection upload : uploads) {
				RawConnection.Answer answer = upload.read(UPLOAD_TIMEOUT.plusSeconds(20));
				statuses.add(answer.status());
				if (answer.status() == 503) {
					assertThat(answer.hasHeader("Retry-After")).isTrue();
					assertCleanOperationOutcome(answer.body());
					assertThat(answer.body()).contains("too many request bodies at once");
				}
			}
		} finally {
			for (RawConnection upload : uploads) {
				upload.close();
			}
		}
		assertThat(statuses).containsExactlyInAnyOrder(503, 408, 408, 408);

		// the uploads gave their share back: another 15 MB body is read again (and times out)
		try (RawConnection again = new RawConnection(port)) {
			assertThat(again.send(postHead(token(), 15_000_000)).send("{").read(UPLOAD_TIMEOUT.plusSeconds(20)).status())
					.isEqualTo(408);
		}
	}

	private String postHead(String token, long contentLength) {
		return "POST /fhir/Patient HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: application/fhir+json\r\n"
				+ (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
				+ "Content-Length: " + contentLength + "\r\n\r\n";
	}
}
