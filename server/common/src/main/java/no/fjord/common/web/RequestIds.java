package no.fjord.common.web;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request ids: taken from the caller's {@code X-Request-Id} when it is a short, harmless token (so a
 * gateway's id follows the request through Fjord's logs), otherwise made fresh.
 */
public final class RequestIds {

	public static final String HEADER = "X-Request-Id";
	/** MDC key under which the request id appears in every log line. */
	public static final String MDC_KEY = "requestId";

	// Only characters that cannot forge log lines or headers, and a bounded length.
	private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private RequestIds() {}

	public static String acceptOrCreate(String incoming) {
		if (incoming != null && ACCEPTABLE.matcher(incoming).matches()) {
			return incoming;
		}
		return UUID.randomUUID().toString();
	}
}
