package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import no.fjord.subscription.outbox.ChangeDispatcher;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/**
 * A Fjord process killed (SIGKILL) after writes committed and before their notifications went through: after
 * a restart on the same database every notification arrives, each event exactly once as the receiver counts
 * them (by the idempotency key {@code webhook-id}), in order, followed by what was written after the restart.
 * One kill catches both moments: a notification in flight (the receiver holds the request unanswered) and
 * changes still in the outbox (the test holds the dispatcher's advisory lock, so none has been dispatched).
 */
class SubscriptionCrashIT {

	private static final Duration WAIT = Duration.ofSeconds(30);
	private static final String PATIENT = "krasj-varsel";

	private final Path dir = Path.of("target", "it-data", "subscription-crash-" + UUID.randomUUID()).toAbsolutePath();

	@Test
	void notificationsInFlightOrUndispatchedAtAKillArriveAfterTheRestartOnceEachAndInOrder() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
				.setCleanDataDirectory(true).start();
				TestReceiver receiver = new TestReceiver()) {
			int port = TestFjordProcess.freePort();
			Process server = start(postgres, port);
			List<String> written = new ArrayList<>();
			String subscription;
			TestReceiver.Received inFlight;
			try {
				TestFjordClient fjord = new TestFjordClient(port);
				fjord.put(SecurityFixtures.patient(PATIENT, "Krasj"));
				subscription = fjord.create(TestSubscriptions.criteria("Observation?subject=Patient/" + PATIENT,
						receiver.url("/crash")));
				TestReceiver.Received handshake = receiver.next(WAIT);
				assertThat(handshake).as("the handshake").isNotNull();
				assertThat(handshake.header("webhook-id")).startsWith(subscription + "-handshake-");
				awaitActive(postgres, subscription);

				receiver.hold();
				written.add(fjord.create(observation()));
				inFlight = receiver.next(WAIT);
				assertThat(inFlight).as("the first notification, held unanswered").isNotNull();
				assertThat(inFlight.header("webhook-id")).isEqualTo(subscription + "-1");

				try (Connection pause = postgres.getPostgresDatabase().getConnection()) {
					query(pause, "SELECT pg_advisory_lock(?)", ChangeDispatcher.LOCK);
					written.addAll(fjord.createTogether(List.of(observation(), observation(), observation())));
					assertThat(query(postgres, "SELECT count(*) FROM fjord_subscription_change")).as("changes not dispatched")
							.isEqualTo("3");
					assertThat(query(postgres, "SELECT events_since_start || '/' || delivered_through || '/' "
							+ "|| (lease_until > now()) FROM fjord_subscription WHERE id = ?", subscription))
							.as("one event, undelivered, its subscription leased").isEqualTo("1/0/true");
					server.destroyForcibly().waitFor();
				}
			} finally {
				server.destroyForcibly().waitFor();
				receiver.answer();
			}
			assertThat(receiver.drain(Duration.ZERO)).as("nothing else sent while the first was in flight").isEmpty();

			port = otherPort(port); // a fresh token: the cached one is for the killed process
			server = start(postgres, port);
			try {
				TestFjordClient fjord = new TestFjordClient(port);
				List<TestReceiver.Received> afterRestart = awaitEvents(receiver, subscription, 4, new ArrayList<>());
				written.add(fjord.create(observation()));
				written.add(fjord.create(observation()));
				awaitEvents(receiver, subscription, 6, afterRestart);
				afterRestart.addAll(receiver.drain(Duration.ofSeconds(3)));

				assertThat(afterRestart).extracting(notification -> TestSubscriptions.eventNumber(notification, subscription)
						.orElse(-1)).as("after the restart: the event in flight again, then each other event once, in order")
						.containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
				TestReceiver.Received again = afterRestart.get(0);
				assertThat(again.body()).as("the same notification as the one in flight").isEqualTo(inFlight.body());
				TestSubscriptions.assertSigned(inFlight);
				afterRestart.forEach(TestSubscriptions::assertSigned);

				Map<String, String> byKey = new LinkedHashMap<>();
				List<TestReceiver.Received> all = new ArrayList<>(List.of(inFlight));
				all.addAll(afterRestart);
				all.forEach(notification -> byKey.putIfAbsent(notification.header("webhook-id"), resourceId(notification)));
				assertThat(byKey.keySet()).as("each event once, by idempotency key")
						.containsExactlyElementsOf(LongStream.rangeClosed(1, 6).mapToObj(number -> subscription + "-" + number).toList());
				assertThat(byKey.values()).as("every resource written, in the order written").containsExactlyElementsOf(written);
				assertThat(query(postgres, "SELECT delivered_through || '/' || (lease_until IS NULL) || '/' || "
						+ "(SELECT count(*) FROM fjord_subscription_change) FROM fjord_subscription WHERE id = ?", subscription))
						.as("all delivered, lease released, outbox empty").isEqualTo("6/true/0");
			} finally {
				server.destroy();
				server.waitFor();
			}
		}
	}

	private Process start(EmbeddedPostgres postgres, int port) throws IOException, InterruptedException {
		List<String> arguments = new ArrayList<>(List.of(
				"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres",
				"--spring.datasource.password=",
				"--fjord.storage.fulltext.directory=" + dir.resolve("lucene"),
				"--fjord.auth.authorization-server.admin-client-secret-file=" + dir.resolve("admin-client-secret")));
		arguments.addAll(TestSubscriptions.deliveryArguments());
		return TestFjordProcess.start(port, dir.resolve("server.log"), arguments);
	}

	private static int otherPort(int used) throws IOException {
		int port = TestFjordProcess.freePort();
		return port == used ? otherPort(used) : port;
	}

	private static Observation observation() {
		return SecurityFixtures.observation(null, PATIENT, "vital-signs");
	}

	/** Collects notifications to the subscription until events 1 to {@code through} have all come. */
	private static List<TestReceiver.Received> awaitEvents(TestReceiver receiver, String subscription, long through,
			List<TestReceiver.Received> collected) {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (collected.stream().mapToLong(notification -> TestSubscriptions.eventNumber(notification, subscription)
				.orElse(-1)).distinct().filter(number -> number >= 1 && number <= through).count() < through) {
			assertThat(Instant.now()).as("events 1 to " + through + " arrived; so far " + collected.stream()
					.map(notification -> notification.header("webhook-id")).toList()).isBefore(deadline);
			TestReceiver.Received next = receiver.next(Duration.ofSeconds(1));
			if (next != null) {
				collected.add(next);
			}
		}
		return collected;
	}

	/** The id of the resource a criteria notification PUT to {@code [endpoint]/[type]/[id]}. */
	private static String resourceId(TestReceiver.Received notification) {
		return notification.path().substring(notification.path().lastIndexOf('/') + 1);
	}

	private static void awaitActive(EmbeddedPostgres postgres, String subscription) throws Exception {
		Instant deadline = Instant.now().plus(WAIT);
		while (!"active".equals(query(postgres, "SELECT status FROM fjord_subscription WHERE id = ?", subscription))) {
			assertThat(Instant.now()).as("Subscription/" + subscription + " active after its handshake").isBefore(deadline);
			Thread.sleep(100);
		}
	}

	private static String query(EmbeddedPostgres postgres, String sql, Object... parameters) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
			return query(connection, sql, parameters);
		}
	}

	private static String query(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int index = 0; index < parameters.length; index++) {
				statement.setObject(index + 1, parameters[index]);
			}
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
	}
}
