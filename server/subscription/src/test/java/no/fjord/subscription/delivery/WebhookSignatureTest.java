package no.fjord.subscription.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

	@Test
	void signWhenStandardWebhooksExampleThenSameSignatureAsTheSpecification() {
		// https://github.com/standard-webhooks/standard-webhooks (README and reference libraries)
		String signature = WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
				1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

		assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void signWhenBodyDiffersThenSignatureDiffers() {
		String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

		assertThat(WebhookSignature.sign(secret, "msg_1", 1L, new byte[] {1}))
				.isNotEqualTo(WebhookSignature.sign(secret, "msg_1", 1L, new byte[] {2}));
	}

	@Test
	void isValidSecretWhenWhsecWithKeyOf24To64BytesThenValid() {
		assertThat(WebhookSignature.isValidSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isTrue();
		assertThat(WebhookSignature.isValidSecret(secretOf(64))).isTrue();
	}

	@Test
	void isValidSecretWhenPrefixMissingOrKeyMalformedOrOutOfBoundsThenInvalid() {
		assertThat(WebhookSignature.isValidSecret(null)).isFalse();
		assertThat(WebhookSignature.isValidSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isFalse();
		assertThat(WebhookSignature.isValidSecret("whsec_not base64!")).isFalse();
		assertThat(WebhookSignature.isValidSecret(secretOf(23))).isFalse();
		assertThat(WebhookSignature.isValidSecret(secretOf(65))).isFalse();
	}

	private static String secretOf(int bytes) {
		return "whsec_" + Base64.getEncoder().encodeToString(new byte[bytes]);
	}
}
