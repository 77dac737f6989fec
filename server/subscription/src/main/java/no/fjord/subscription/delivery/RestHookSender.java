package no.fjord.subscription.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends rest-hook notifications (<a href="https://hl7.org/fhir/R4/subscription.html#channels">FHIR R4
 * Subscription channels</a>), signed as
 * <a href="https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md">Standard
 * Webhooks</a> ask, only to endpoints and addresses the {@link EndpointPolicy} allows. Redirects are not
 * followed, since they could lead to a private address; the receiver's answer is not read beyond a few
 * kilobytes; each attempt ends within the response timeout, however slowly the receiver trickles.
 */
public final class RestHookSender implements AutoCloseable {

	private static final String USER_AGENT = "Fjord-Subscriptions";
	/** Enough for a short answer to end and leave its connection reusable; a longer one costs the connection. */
	private static final int DISCARDED_BODY_LIMIT = 8 * 1024;

	private final EndpointPolicy policy;
	private final Duration responseTimeout;
	private final CloseableHttpClient client;
	private final ScheduledExecutorService deadlines;

	/**
	 * @param connectTimeout how long a TCP connect may take
	 * @param responseTimeout how long one attempt may take from start to the end of the answer
	 * @param maxConnectionsTotal connections open at once, to all receivers
	 * @param maxConnectionsPerRoute connections open at once to one receiver
	 */
	public RestHookSender(EndpointPolicy policy, Duration connectTimeout, Duration responseTimeout,
			int maxConnectionsTotal, int maxConnectionsPerRoute) {
		requirePositive(connectTimeout, "connectTimeout");
		requirePositive(responseTimeout, "responseTimeout");
		if (maxConnectionsTotal < 1 || maxConnectionsPerRoute < 1) {
			throw new IllegalArgumentException("The connection limits must be at least 1");
		}
		this.policy = Objects.requireNonNull(policy, "policy");
		this.responseTimeout = responseTimeout;
		this.client = HttpClients.custom()
				.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
						.setDnsResolver(new GuardedDnsResolver(policy))
						.setDefaultConnectionConfig(ConnectionConfig.custom()
								.setConnectTimeout(Timeout.of(connectTimeout))
								.setSocketTimeout(Timeout.of(responseTimeout))
								.build())
						.setMaxConnTotal(maxConnectionsTotal)
						.setMaxConnPerRoute(maxConnectionsPerRoute)
						.build())
				.setDefaultRequestConfig(RequestConfig.custom()
						.setRedirectsEnabled(false)
						.setConnectionRequestTimeout(Timeout.of(responseTimeout))
						.setResponseTimeout(Timeout.of(responseTimeout))
						.build())
				.disableRedirectHandling()
				.disableAutomaticRetries()
				.disableCookieManagement()
				.disableAuthCaching()
				.disableContentCompression()
				.evictIdleConnections(TimeValue.ofMinutes(1))
				.setUserAgent(USER_AGENT)
				.build();
		this.deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "fjord-rest-hook-deadlines");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Sends one attempt; network failures and refusals come back as a failed result, never thrown. */
	public DeliveryResult send(HookRequest hook) {
		HttpUriRequestBase request;
		try {
			request = signedRequest(hook);
		} catch (RefusedEndpoint e) {
			return DeliveryResult.failed("refused: " + e.getMessage());
		}
		// The response timeout alone bounds each read, not a receiver that answers a byte at a time.
		AtomicBoolean timedOut = new AtomicBoolean();
		ScheduledFuture<?> deadline = deadlines.schedule(() -> {
			timedOut.set(true);
			request.cancel();
		}, responseTimeout.toNanos(), TimeUnit.NANOSECONDS);
		try {
			return exchange(request);
		} catch (IOException e) {
			return DeliveryResult.failed(timedOut.get() ? "timed out" : NetworkFailures.describe(e));
		} finally {
			deadline.cancel(false);
		}
	}

	private HttpUriRequestBase signedRequest(HookRequest hook) {
		policy.checkUrl(hook.url());
		List<Header> channelHeaders = ChannelHeaders.parse(hook.headers());
		if (!WebhookSignature.isValidSecret(hook.secret())) {
			throw new RefusedEndpoint("The subscription's signing secret is not a valid whsec_ secret");
		}
		HttpUriRequestBase request = new HttpUriRequestBase(hook.method(), URI.create(hook.url()));
		channelHeaders.forEach(request::addHeader);
		long timestamp = hook.sentAt().getEpochSecond();
		request.setHeader("webhook-id", hook.eventId());
		request.setHeader("webhook-timestamp", Long.toString(timestamp));
		request.setHeader("webhook-signature",
				WebhookSignature.sign(hook.secret(), hook.eventId(), timestamp, hook.body()));
		if (hook.contentType() != null) {
			// As given, not re-rendered: the receiver sees the media type and parameters it subscribed with.
			request.setHeader(HttpHeaders.CONTENT_TYPE, hook.contentType());
			request.setEntity(new ByteArrayEntity(hook.body(), null));
		}
		return request;
	}

	private DeliveryResult exchange(HttpUriRequestBase request) throws IOException {
		CloseableHttpResponse response = client.execute(request);
		try {
			if (!discardBody(response.getEntity())) {
				// Closing the response would read the rest of the body; dropping the connection does not.
				request.cancel();
			}
			return DeliveryResult.answered(response.getCode());
		} finally {
			closeQuietly(response);
		}
	}

	/** Reads a short body to its end, so the connection can be reused; false when it did not end. */
	private static boolean discardBody(HttpEntity entity) {
		if (entity == null) {
			return true;
		}
		try {
			// Not closed here: closing reads to the end, however long that is.
			InputStream body = entity.getContent();
			byte[] buffer = new byte[1024];
			int left = DISCARDED_BODY_LIMIT;
			while (left > 0) {
				int read = body.read(buffer, 0, Math.min(buffer.length, left));
				if (read < 0) {
					return true;
				}
				left -= read;
			}
			return body.read() < 0;
		} catch (IOException e) {
			return false;
		}
	}

	private static void closeQuietly(CloseableHttpResponse response) {
		try {
			response.close();
		} catch (IOException e) {
			// The status is known and the connection is gone; there is nothing left to clean up.
		}
	}

	private static void requirePositive(Duration timeout, String name) {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

	@Override
	public void close() throws IOException {
		deadlines.shutdownNow();
		client.close();
	}
}
