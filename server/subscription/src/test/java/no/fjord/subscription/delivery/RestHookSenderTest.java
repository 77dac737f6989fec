package no.fjord.subscription.delivery;

import static no.fjord.subscription.delivery.TestHookRequests.BODY;
import static no.fjord.subscription.delivery.TestHookRequests.CONTENT_TYPE;
import static no.fjord.subscription.delivery.TestHookRequests.EVENT_ID;
import static no.fjord.subscription.delivery.TestHookRequests.SECRET;
import static no.fjord.subscription.delivery.TestHookRequests.SENT_AT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.fjord.subscription.delivery.TestReceiver.Received;
import org.junit.jupiter.api.Test;

class RestHookSenderTest {

	/** Development settings: plain http and loopback allowed for the test receiver. */
	private static final EndpointPolicy LOOPBACK_ALLOWED = new EndpointPolicy(Set.of("localhost", "127.0.0.1"),
			Set.of("localhost", "127.0.0.1"));
	private static final Duration SHORT = Duration.ofMillis(300);

	@Test
	void sendWhenReceiverAnswers2xxThenDeliveredWithHeadersTheReceiverCanVerify() throws Exception {
		try (TestReceiver receiver = new TestReceiver().answering("/hook", 204);
				RestHookSender sender = sender(LOOPBACK_ALLOWED, Duration.ofSeconds(5))) {

			DeliveryResult result = sender.send(TestHookRequests.post(receiver.url("localhost", "/hook"),
					List.of("Authorization: Bearer abc.def")));

			assertThat(result).isEqualTo(new DeliveryResult(true, 204, null));
			Received request = receiver.received("/hook").get(0);
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.body()).isEqualTo(BODY);
			assertThat(request.headers().getFirst("Content-Type")).isEqualTo(CONTENT_TYPE);
			assertThat(request.headers().getFirst("User-Agent")).isEqualTo("Fjord-Subscriptions");
			assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer abc.def");
			assertThat(request.headers().getFirst("webhook-id")).isEqualTo(EVENT_ID);
			assertThat(request.headers().getFirst("webhook-timestamp"))
					.isEqualTo(Long.toString(SENT_AT.getEpochSecond()));
			assertThat(request.headers().get("webhook-signature")).containsExactly(
					receiversSignature(request.headers().getFirst("webhook-id"),
							request.headers().getFirst("webhook-timestamp"), request.body()));
		}
	}

	@Test
	void sendWhenDeleteWithoutBodyThenDeliveredWithoutContentType() throws Exception {
		try (TestReceiver receiver = new TestReceiver().answering("/hook", 200);
				RestHookSender sender = sender(LOOPBACK_ALLOWED, Duration.ofSeconds(5))) {

			DeliveryResult result = sender.send(new HookRequest("DELETE", receiver.url("127.0.0.1", "/hook"), null,
					new byte[0], List.of(), SECRET, EVENT_ID, SENT_AT));

			assertThat(result.delivered()).isTrue();
			Received request = receiver.received("/hook").get(0);
			assertThat(request.method()).isEqualTo("DELETE");
			assertThat(request.headers().containsKey("Content-Type")).isFalse();
			assertThat(request.headers().getFirst("webhook-signature"))
					.isEqualTo(receiversSignature(EVENT_ID, Long.toString(SENT_AT.getEpochSecond()), new byte[0]));
		}
	}

	@Test
	void sendWhenReceiverAnswers500ThenFailedWithTheStatus() throws Exception {
		try (TestReceiver receiver = new TestReceiver().answering("/hook", 500);
				RestHookSender sender = sender(LOOPBACK_ALLOWED, Duration.ofSeconds(5))) {

			DeliveryResult result = sender.send(TestHookRequests.post(receiver.url("localhost", "/hook")));

			assertThat(result).isEqualTo(new DeliveryResult(false, 500, "HTTP 500"));
			assertThat(receiver.received("/hook")).hasSize(1);
		}
	}

	@Test
	void sendWhenReceiverRedirectsThenFailedAndTheTargetReceivesNothing() throws Exception {
		try (TestReceiver receiver = new TestReceiver().answering("/target", 200);
				RestHookSender sender = sender(LOOPBACK_ALLOWED, Duration.ofSeconds(5))) {
			receiver.on("/hook", exchange -> {
				exchange.getResponseHeaders().add("Location", receiver.url("localhost", "/target"));
				exchange.sendResponseHeaders(307, -1);
				exchange.close();
			});

			DeliveryResult result = sender.send(TestHookRequests.post(receiver.url("localhost", "/hook")));

			assertThat(result.delivered()).isFalse();
			assertThat(result.status()).isEqualTo(307);
			assertThat(result.failure()).startsWith("HTTP 307");
			assertThat(receiver.received("/target")).isEmpty();
		}
	}

	@Test
	void sendWhenReceiverDoesNotAnswerThenTimesOutWithinTheResponseTimeout() throws Exception {
		try (TestReceiver receiver = new TestReceiver();
				RestHookSender sender = sender(LOOPBACK_ALLOWED, SHORT)) {
			receiver.on("/hook", exchange -> {
				try {
					Thread.sleep(30_000);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			});

			long started = System.nanoTime();
			DeliveryResult result = sender.send(TestHookRequests.post(receiver.url("localhost", "/hook")));

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			assertThat(result.delivered()).isFalse();
			assertThat(result.status()).isZero();
			assertThat(result.failure()).contains("timed out");
		}
	}

	@Test
	void sendWhenReceiverTricklesItsAnswerThenGivesUpAtTheResponseTimeout() throws Exception {
		// A byte every 100 ms never trips the per-read timeout; only the deadline for the whole exchange ends it.
		try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				RestHookSender sender = sender(LOOPBACK_ALLOWED, SHORT)) {
			Thread answering = new Thread(() -> trickle(trickler));
			answering.setDaemon(true);
			answering.start();

			long started = System.nanoTime();
			DeliveryResult result = sender.send(
					TestHookRequests.post("http://127.0.0.1:" + trickler.getLocalPort() + "/hook"));

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			assertThat(result).isEqualTo(new DeliveryResult(false, 0, "timed out"));
		}
	}

	@Test
	void sendWhenReceiverAnswersAnEndlessBodyThenReadsOnlyAFewKilobytesAndStaysUsable() throws Exception {
		try (TestReceiver receiver = new TestReceiver().answering("/small", 200);
				RestHookSender sender = sender(LOOPBACK_ALLOWED, Duration.ofSeconds(10))) {
			receiver.on("/endless", exchange -> {
				exchange.sendResponseHeaders(200, 0);
				byte[] chunk = new byte[64 * 1024];
				try (OutputStream body = exchange.getResponseBody()) {
					for (long sent = 0; sent < 16L * 1024 * 1024 * 1024; sent += chunk.length) {
						body.write(chunk);
					}
				} catch (IOException e) {
					// The sender hung up, as it should.
				}
			});

			long started = System.nanoTime();
			DeliveryResult endless = sender.send(TestHookRequests.post(receiver.url("localhost", "/endless")));
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			DeliveryResult next = sender.send(TestHookRequests.post(receiver.url("localhost", "/small")));

			assertThat(endless).isEqualTo(new DeliveryResult(true, 200, null));
			assertThat(took).isLessThan(Duration.ofSeconds(3));
			assertThat(next.delivered()).isTrue();
		}
	}

	@Test
	void sendWhenEndpointResolvesToLoopbackNotInPrivateHostsThenRefusedAndNothingIsSent() throws Exception {
		EndpointPolicy loopbackNotAllowed = new EndpointPolicy(Set.of("localhost"), Set.of());
		try (TestReceiver receiver = new TestReceiver().answering("/hook", 200);
				RestHookSender sender = sender(loopbackNotAllowed, Duration.ofSeconds(5))) {

			DeliveryResult result = sender.send(TestHookRequests.post(receiver.url("localhost", "/hook")));

			assertThat(result).isEqualTo(new DeliveryResult(false, 0, "refused: resolves to a private address"));
			assertThat(receiver.received()).isEmpty();
		}
	}

	@Test
	void sendWhenEndpointIsLiteralLoopbackNotInPrivateHostsThenRefusedAndNothingIsSent() throws Exception {
		EndpointPolicy loopbackNotAllowed = new EndpointPolicy(Set.of("127.0.0.1"), Set.of());
		try (TestReceiver receiver = new TestReceiver().answering("/hook", 200);
				RestHookSender sender = sender(loopbackNotAllowed, Duration.ofSeconds(5))) {

			DeliveryResult result = sender.send(TestHookRequests.post(receiver.url("127.0.0.1", "/hook")));

			assertThat(result.delivered()).isFalse();
			assertThat(result.failure()).startsWith("refused:").contains("non-public");
			assertThat(receiver.received()).isEmpty();
		}
	}

	@Test
	void sendWhenEndpointUsesHttpAndHostNotInInsecureHostsThenRefusedAndNothingIsSent() throws Exception {
		EndpointPolicy httpsOnly = new EndpointPolicy(Set.of(), Set.of("localhost"));
		try (TestReceiver receiver = new TestReceiver().answering("/hook", 200);
				RestHookSender sender = sender(httpsOnly, Duration.ofSeconds(5))) {

			DeliveryResult result = sender.send(TestHookRequests.post(receiver.url("localhost", "/hook")));

			assertThat(result.delivered()).isFalse();
			assertThat(result.failure()).startsWith("refused:").contains("https");
			assertThat(receiver.received()).isEmpty();
		}
	}

	@Test
	void sendWhenChannelHeaderWouldOverrideTheSignatureThenRefusedAndNothingIsSent() throws Exception {
		try (TestReceiver receiver = new TestReceiver().answering("/hook", 200);
				RestHookSender sender = sender(LOOPBACK_ALLOWED, Duration.ofSeconds(5))) {

			DeliveryResult result = sender.send(TestHookRequests.post(receiver.url("localhost", "/hook"),
					List.of("Webhook-Signature: v1,forged")));

			assertThat(result.delivered()).isFalse();
			assertThat(result.failure()).startsWith("refused:").contains("Webhook-Signature");
			assertThat(receiver.received()).isEmpty();
		}
	}

	@Test
	void sendWhenSecretIsNotAWhsecSecretThenRefusedWithoutQuotingIt() throws Exception {
		try (TestReceiver receiver = new TestReceiver().answering("/hook", 200);
				RestHookSender sender = sender(LOOPBACK_ALLOWED, Duration.ofSeconds(5))) {

			DeliveryResult result = sender.send(new HookRequest("POST", receiver.url("localhost", "/hook"),
					CONTENT_TYPE, BODY, List.of(), "plain-s3cret", EVENT_ID, SENT_AT));

			assertThat(result.delivered()).isFalse();
			assertThat(result.failure()).startsWith("refused:").doesNotContain("plain-s3cret");
			assertThat(receiver.received()).isEmpty();
		}
	}

	@Test
	void sendWhenNothingListensThenConnectionRefused() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		try (RestHookSender sender = sender(LOOPBACK_ALLOWED, Duration.ofSeconds(5))) {

			DeliveryResult result = sender.send(TestHookRequests.post("http://localhost:" + closedPort + "/hook"));

			assertThat(result).isEqualTo(new DeliveryResult(false, 0, "connection refused"));
		}
	}

	private static RestHookSender sender(EndpointPolicy policy, Duration responseTimeout) {
		return new RestHookSender(policy, Duration.ofSeconds(2), responseTimeout, 10, 2);
	}

	/** What a Standard Webhooks receiver computes, written out here rather than borrowed from the sender. */
	private static String receiversSignature(String id, String timestamp, byte[] body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
		mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
		return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
	}

	private static void trickle(ServerSocket server) {
		try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
			for (byte b : "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII)) {
				out.write(b);
				out.flush();
				Thread.sleep(100);
			}
			for (int i = 0; i < 300; i++) {
				out.write('a');
				out.flush();
				Thread.sleep(100);
			}
		} catch (IOException e) {
			// The sender hung up, as it should.
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
