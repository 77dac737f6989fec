package no.fjord.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

	@Test
	void aSafeIncomingIdIsKept() {
		assertThat(RequestIds.acceptOrCreate("gw-1234.abc:5")).isEqualTo("gw-1234.abc:5");
	}

	@Test
	void missingOrUnsafeIdsAreReplaced() {
		assertThat(RequestIds.acceptOrCreate(null)).matches("[0-9a-f-]{36}");
		assertThat(RequestIds.acceptOrCreate("")).matches("[0-9a-f-]{36}");
		assertThat(RequestIds.acceptOrCreate("id\nINFO forged log line")).matches("[0-9a-f-]{36}");
		assertThat(RequestIds.acceptOrCreate("x".repeat(65))).matches("[0-9a-f-]{36}");
	}
}
