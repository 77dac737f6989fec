package no.fjord.subscription.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.hc.core5.http.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelHeadersTest {

	@Test
	void parseWhenOrdinaryHeadersThenNamesAndTrimmedValues() {
		List<Header> headers = ChannelHeaders.parse(List.of("Authorization: Bearer abc.def", "X-Tenant:north"));

		assertThat(headers).extracting(Header::getName).containsExactly("Authorization", "X-Tenant");
		assertThat(headers).extracting(Header::getValue).containsExactly("Bearer abc.def", "north");
	}

	@ParameterizedTest
	@ValueSource(strings = {"webhook-signature: v1,forged", "Webhook-Signature: v1,forged", "webhook-id: other",
			"webhook-timestamp: 0", "Host: internal.example.org", "Content-Length: 0", "Transfer-Encoding: chunked",
			"Content-Type: text/plain"})
	void checkWhenHeaderIsSetByTheServerThenRefused(String line) {
		assertThatThrownBy(() -> ChannelHeaders.check(List.of(line))).isInstanceOf(RefusedEndpoint.class)
				.hasMessageContaining("set by the server");
	}

	@ParameterizedTest
	@ValueSource(strings = {"no colon s3cret", ": s3cret", "Bad Name: s3cret", "X-Ok: s3cret\r\nHost: evil",
			"X-Ok: s3cret\u00e6\u00f8\u00e5"})
	void checkWhenLineIsMalformedThenRefusedWithoutQuotingTheValue(String line) {
		assertThatThrownBy(() -> ChannelHeaders.check(List.of(line))).isInstanceOf(RefusedEndpoint.class)
				.hasMessageNotContaining("s3cret").hasMessageNotContaining("evil");
	}
}
