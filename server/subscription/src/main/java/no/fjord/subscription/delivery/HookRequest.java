package no.fjord.subscription.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rest-hook notification to send.
 *
 * @param method {@code POST}, {@code PUT} or {@code DELETE}
 * @param url the endpoint, {@code Subscription.channel.endpoint}
 * @param contentType the payload's media type, {@code null} when there is no body
 * @param body the payload, empty when there is none; signed as sent
 * @param headers {@code Subscription.channel.header} lines, {@code Name: value}; see {@link ChannelHeaders}
 * @param secret the subscription's {@code whsec_} signing secret
 * @param eventId the {@code webhook-id}: the same for every attempt of one notification, so the receiver can
 *     drop duplicates of an at-least-once delivery
 * @param sentAt this attempt's time, sent as {@code webhook-timestamp}; receivers reject stale ones
 */
public record HookRequest(String method, String url, String contentType, byte[] body, List<String> headers,
		String secret, String eventId, Instant sentAt) {

	private static final Set<String> METHODS = Set.of("POST", "PUT", "DELETE");
	private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]+");
	private static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7e]{1,255}");

	public HookRequest {
		if (!METHODS.contains(method)) {
			throw new IllegalArgumentException("Rest-hooks are sent with POST, PUT or DELETE, not " + method);
		}
		Objects.requireNonNull(url, "url");
		body = body == null ? new byte[0] : body;
		if (contentType != null && !PRINTABLE.matcher(contentType).matches()) {
			throw new IllegalArgumentException("The content type must be printable ASCII");
		}
		if (contentType == null && body.length > 0) {
			throw new IllegalArgumentException("A body needs a content type");
		}
		headers = headers == null ? List.of() : List.copyOf(headers);
		if (eventId == null || !EVENT_ID.matcher(eventId).matches()) {
			throw new IllegalArgumentException("The event id must be 1 to 255 printable ASCII characters");
		}
		Objects.requireNonNull(sentAt, "sentAt");
	}

	@Override
	public String toString() {
		// Without the secret, the headers (credentials) and the body (patient data).
		return "HookRequest[" + method + " " + url + ", eventId=" + eventId + ", sentAt=" + sentAt + "]";
	}
}
