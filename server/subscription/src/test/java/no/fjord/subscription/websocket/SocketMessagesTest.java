package no.fjord.subscription.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketMessagesTest {

	@Test
	void parseWhenBindCommandsThenNameAndArgument() {
		assertThat(SocketMessages.parse("bind-with-token abc_DEF-1")).isEqualTo(new SocketMessages.Command("bind-with-token", "abc_DEF-1"));
		assertThat(SocketMessages.parse(" bind  sub-1 \n")).isEqualTo(new SocketMessages.Command("bind", "sub-1"));
	}

	@ParameterizedTest
	@ValueSource(strings = {"", "bind", "bind a b", "hello world", "{\"type\":\"bind-with-token\"}", "ping sub-1"})
	void parseWhenNotACommandThenNothing(String message) {
		assertThat(SocketMessages.parse(message)).isNull();
	}
}
