package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;

/**
 * Two Fjord processes on one PostgreSQL (the test's own) take 1,000 writes at once, half each, while three
 * subscriptions watch: every subscription gets each of its events exactly once, numbered 1 to N in the order
 * they arrive, whichever process recorded, dispatched or sent them, and both processes send some. Which
 * process sent what is read from each one's log of outgoing request headers (httpclient5's header log).
 */
class SubscriptionClusterIT {

	private static final int WRITERS_PER_PROCESS = 2;
	private static final int BUNDLES_PER_WRITER = 25;
	private static final int OBSERVATIONS_PER_BUNDLE = 10;
	private static final String PATIENT = "klynge-varsel";
	private static final Pattern SENT_KEY = Pattern.compile(">> webhook-id: (\\S+)");

	private final Path dir = Path.of("target", "it-data", "subscription-cluster-" + UUID.randomUUID()).toAbsolutePath();

	/** A subscription as the test set it up, and the resources it should be told about. */
	private record Watch(String id, String path, Set<String> expected) {
	}

	@Test
	void twoProcessesOnOneDatabaseDeliverEachEventOnceAndInOrderPerSubscription() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
				.setCleanDataDirectory(true).start();
				TestReceiver receiver = new TestReceiver()) {
			List<Process> servers = new ArrayList<>();
			try {
				int portA = TestFjordProcess.freePort();
				servers.add(start(postgres, portA, "a"));
				TestFjordClient a = new TestFjordClient(portA);
				a.put(SecurityFixtures.patient(PATIENT, "Klynge"));
				Watch all = subscribe(a, "/all", TestSubscriptions.criteria(
						"Observation?subject=Patient/" + PATIENT, receiver.url("/all")));
				Watch vital = subscribe(a, "/vital", TestSubscriptions.criteria(
						"Observation?subject=Patient/" + PATIENT + "&category=vital-signs", receiver.url("/vital")));
				Watch lab = subscribe(a, "/lab", TestSubscriptions.topic(TestSubscriptions.TOPICS + "lab-result-final",
						"Observation?patient=Patient/" + PATIENT, receiver.url("/lab")));
				List<Watch> watches = List.of(all, vital, lab);
				awaitHandshakes(receiver, postgres, watches);

				// Started after the subscriptions exist, so it knows them from its start.
				int portB = TestFjordProcess.freePort();
				servers.add(start(postgres, portB, "b"));
				TestFjordClient b = new TestFjordClient(portB);

				Instant writesStarted = Instant.now();
				writeConcurrently(List.of(a, b), all, vital, lab);
				Duration writing = Duration.between(writesStarted, Instant.now());
				assertThat(all.expected()).hasSize(WRITERS_PER_PROCESS * 2 * BUNDLES_PER_WRITER * OBSERVATIONS_PER_BUNDLE);

				Map<String, List<TestReceiver.Received>> byPath = awaitEverything(receiver, watches);
				System.out.printf("SubscriptionClusterIT: %d writes in %s, all delivered %s after the first write%n",
						all.expected().size(), writing, Duration.between(writesStarted, Instant.now()));

				Set<String> keysReceived = new HashSet<>();
				for (Watch watch : watches) {
					List<TestReceiver.Received> events = byPath.get(watch.path()).stream()
							.filter(notification -> TestSubscriptions.eventNumber(notification, watch.id()).isPresent()).toList();
					List<String> keys = events.stream().map(notification -> notification.header("webhook-id")).toList();
					assertThat(keys).as(watch.path() + ": no event twice").doesNotHaveDuplicates();
					assertThat(events).extracting(notification -> TestSubscriptions.eventNumber(notification, watch.id())
							.getAsLong()).as(watch.path() + ": numbered 1 to N in the order they arrived")
							.containsExactlyElementsOf(LongStream.rangeClosed(1, watch.expected().size()).boxed().toList());
					assertThat(events).extracting(SubscriptionClusterIT::resourceId).as(watch.path() + ": every match, once")
							.containsExactlyInAnyOrderElementsOf(watch.expected());
					events.forEach(TestSubscriptions::assertSigned);
					keysReceived.addAll(keys);
				}

				Set<String> sentByA = sentEventKeys(dir.resolve("a.log"), watches);
				Set<String> sentByB = sentEventKeys(dir.resolve("b.log"), watches);
				System.out.printf("SubscriptionClusterIT: process A sent %d notifications, B %d%n", sentByA.size(), sentByB.size());
				assertThat(sentByA).as("process A sent some").isNotEmpty();
				assertThat(sentByB).as("process B sent some").isNotEmpty();
				assertThat(sentByA).as("no event sent by both").doesNotContainAnyElementsOf(sentByB);
				Set<String> sent = new HashSet<>(sentByA);
				sent.addAll(sentByB);
				assertThat(sent).as("what the processes sent is what arrived").isEqualTo(keysReceived);
				assertThat(query(postgres, "SELECT count(*) FROM fjord_subscription WHERE lease_until IS NOT NULL "
						+ "OR delivered_through <> events_since_start")).as("leases released, nothing left").isEqualTo("0");
			} finally {
				for (Process server : servers) {
					server.destroy();
					server.waitFor();
				}
			}
		}
	}

	private Process start(EmbeddedPostgres postgres, int port, String name) throws IOException, InterruptedException {
		List<String> arguments = new ArrayList<>(List.of(
				"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres",
				"--spring.datasource.password=",
				"--fjord.storage.fulltext.directory=" + dir.resolve(name + "-lucene"),
				"--fjord.auth.authorization-server.admin-client-secret-file=" + dir.resolve("admin-client-secret"),
				"--logging.level.org.apache.hc.client5.http.headers=DEBUG"));
		arguments.addAll(TestSubscriptions.deliveryArguments());
		return TestFjordProcess.start(port, dir.resolve(name + ".log"), arguments);
	}

	private static Watch subscribe(TestFjordClient fjord, String path, Subscription subscription) {
		return new Watch(fjord.create(subscription), path, ConcurrentHashMap.newKeySet());
	}

	private static void awaitHandshakes(TestReceiver receiver, EmbeddedPostgres postgres, List<Watch> watches)
			throws Exception {
		Set<String> handshaken = new HashSet<>();
		while (handshaken.size() < watches.size()) {
			TestReceiver.Received handshake = receiver.next(Duration.ofSeconds(30));
			assertThat(handshake).as("handshakes of " + watches).isNotNull();
			assertThat(handshake.header("webhook-id")).contains("-handshake-");
			handshaken.add(handshake.path());
		}
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (!"3".equals(query(postgres, "SELECT count(*) FROM fjord_subscription WHERE status = 'active'"))) {
			assertThat(Instant.now()).as("the subscriptions active after their handshakes").isBefore(deadline);
			Thread.sleep(100);
		}
	}

	/** Transaction bundles from two writers per process at once, half vital signs, half laboratory results. */
	private static void writeConcurrently(List<TestFjordClient> processes, Watch all, Watch vital, Watch lab)
			throws Exception {
		ExecutorService writers = Executors.newFixedThreadPool(processes.size() * WRITERS_PER_PROCESS);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (TestFjordClient process : processes) {
				for (int writer = 0; writer < WRITERS_PER_PROCESS; writer++) {
					done.add(writers.submit(() -> {
						for (int bundle = 0; bundle < BUNDLES_PER_WRITER; bundle++) {
							List<Observation> observations = IntStream.range(0, OBSERVATIONS_PER_BUNDLE)
									.mapToObj(index -> SecurityFixtures.observation(null, PATIENT,
											index % 2 == 0 ? "vital-signs" : "laboratory")).toList();
							List<String> ids = process.createTogether(observations);
							for (int index = 0; index < ids.size(); index++) {
								all.expected().add(ids.get(index));
								(index % 2 == 0 ? vital : lab).expected().add(ids.get(index));
							}
						}
						return null;
					}));
				}
			}
			for (Future<?> writer : done) {
				writer.get();
			}
		} finally {
			writers.shutdownNow();
		}
	}

	/** Every notification, by path, once each subscription has had as many events as it should (then a little longer). */
	private static Map<String, List<TestReceiver.Received>> awaitEverything(TestReceiver receiver, List<Watch> watches) {
		Map<String, List<TestReceiver.Received>> byPath = new HashMap<>();
		watches.forEach(watch -> byPath.put(watch.path(), new ArrayList<>()));
		Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
		while (!watches.stream().allMatch(watch -> distinctEvents(byPath.get(watch.path()), watch) >= watch.expected().size())) {
			assertThat(Instant.now()).as("every event delivered; so far " + watches.stream().map(watch -> watch.path() + ": "
					+ distinctEvents(byPath.get(watch.path()), watch) + "/" + watch.expected().size()).toList())
					.isBefore(deadline);
			TestReceiver.Received next = receiver.next(Duration.ofSeconds(1));
			if (next != null) {
				byPath.get(pathOf(next, watches)).add(next);
			}
		}
		// Late duplicates, if any, must be seen.
		receiver.drain(Duration.ofSeconds(3)).forEach(next -> byPath.get(pathOf(next, watches)).add(next));
		return byPath;
	}

	private static long distinctEvents(Collection<TestReceiver.Received> notifications, Watch watch) {
		return notifications.stream().map(notification -> TestSubscriptions.eventNumber(notification, watch.id()))
				.filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).distinct().count();
	}

	private static String pathOf(TestReceiver.Received notification, List<Watch> watches) {
		return watches.stream().map(Watch::path).filter(path -> notification.path().startsWith(path)).findFirst()
				.orElseThrow(() -> new AssertionError("a notification to an unknown path: " + notification.path()));
	}

	/** The resource a notification is about: PUT to {@code [endpoint]/Observation/[id]}, or the focus of a Bundle. */
	private static String resourceId(TestReceiver.Received notification) {
		if (notification.method().equals("PUT")) {
			return notification.path().substring(notification.path().lastIndexOf('/') + 1);
		}
		Bundle bundle = TestFjordClient.FHIR.newJsonParser().parseResource(Bundle.class, notification.body());
		return new IdType(bundle.getEntry().get(1).getFullUrl()).getIdPart();
	}

	/** The idempotency keys of the event notifications a process sent, from its outgoing header log. */
	private static Set<String> sentEventKeys(Path log, List<Watch> watches) throws IOException {
		Set<String> keys = new HashSet<>();
		for (String line : Files.readAllLines(log)) {
			Matcher sent = SENT_KEY.matcher(line);
			if (sent.find() && !sent.group(1).contains("-handshake-")) {
				keys.add(sent.group(1));
			}
		}
		return keys;
	}

	private static String query(EmbeddedPostgres postgres, String sql) throws Exception {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rows = statement.executeQuery()) {
			return rows.next() ? rows.getString(1) : null;
		}
	}
}
