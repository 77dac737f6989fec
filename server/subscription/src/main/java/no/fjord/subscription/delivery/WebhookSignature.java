package no.fjord.subscription.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code webhook-signature} of a notification as the
 * <a href="https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signature-scheme">Standard
 * Webhooks signature scheme</a> defines it: {@code v1,} and the base64 HMAC-SHA256 of
 * {@code id.timestamp.body}, keyed with the base64-decoded part of a {@code whsec_} secret, so receivers can
 * verify it with any Standard Webhooks library.
 */
public final class WebhookSignature {

	private static final String PREFIX = "whsec_";
	private static final int MIN_KEY_BYTES = 24;
	private static final int MAX_KEY_BYTES = 64;
	private static final String HMAC = "HmacSHA256";

	private WebhookSignature() {
	}

	/** Signs one notification; the timestamp is in epoch seconds, as sent in {@code webhook-timestamp}. */
	public static String sign(String secret, String id, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(key(secret), HMAC));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			mac.update(body);
			return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is not available", e);
		}
	}

	/** Whether the secret is {@code whsec_} followed by base64 of 24 to 64 bytes, as the scheme asks. */
	public static boolean isValidSecret(String secret) {
		try {
			key(secret);
			return true;
		} catch (IllegalArgumentException e) {
			return false;
		}
	}

	private static byte[] key(String secret) {
		// The messages never repeat the secret: they may end up in logs and OperationOutcomes.
		if (secret == null || !secret.startsWith(PREFIX)) {
			throw new IllegalArgumentException("The secret does not start with " + PREFIX);
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("The secret is not base64 after " + PREFIX);
		}
		if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
			throw new IllegalArgumentException(
					"The secret's key is not between " + MIN_KEY_BYTES + " and " + MAX_KEY_BYTES + " bytes");
		}
		return key;
	}
}
