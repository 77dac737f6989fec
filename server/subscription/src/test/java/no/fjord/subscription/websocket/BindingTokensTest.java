package no.fjord.subscription.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BindingTokensTest {

	private static final Instant NOW = Instant.parse("2026-11-20T08:00:00Z");

	private final Map<String, BindingTokenStore.Entry> stored = new HashMap<>();
	private final MovableClock clock = new MovableClock(NOW);
	private final BindingTokens tokens = new BindingTokens(new MapStore(stored), Duration.ofMinutes(5), clock);

	@Test
	void redeemWhenFreshThenBindsItsSubscriptionOnce() {
		BindingToken token = tokens.issue("sub-1");

		assertThat(token.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
		assertThat(tokens.redeem(token.token())).contains("sub-1");
		assertThat(tokens.redeem(token.token())).as("used up").isEmpty();
	}

	@Test
	void redeemWhenExpiredThenRefused() {
		BindingToken token = tokens.issue("sub-1");

		clock.now = NOW.plus(Duration.ofMinutes(5));

		assertThat(tokens.redeem(token.token())).isEmpty();
	}

	@Test
	void redeemWhenUnknownEmptyOrAbsurdlyLongThenRefused() {
		tokens.issue("sub-1");

		assertThat(tokens.redeem("guessed")).isEmpty();
		assertThat(tokens.redeem("")).isEmpty();
		assertThat(tokens.redeem(null)).isEmpty();
		assertThat(tokens.redeem("x".repeat(10_000))).isEmpty();
	}

	@Test
	void issueWhenStoredThenOnlyTheHashIsKept() {
		BindingToken token = tokens.issue("sub-1");

		assertThat(stored).containsOnlyKeys(BindingTokens.hash(token.token()));
		assertThat(stored.keySet().iterator().next()).doesNotContain(token.token()).hasSize(64);
	}

	@Test
	void issueWhenCalledTwiceThenDifferentUnguessableTokens() {
		String first = tokens.issue("sub-1").token();
		String second = tokens.issue("sub-1").token();

		assertThat(first).isNotEqualTo(second).hasSizeGreaterThanOrEqualTo(43);
		assertThat(BindingTokens.hash(first)).isNotEqualTo(BindingTokens.hash(second));
	}

	@Test
	void toStringWhenLoggedThenWithoutTheToken() {
		BindingToken token = tokens.issue("sub-1");

		assertThat(token.toString()).doesNotContain(token.token()).contains("sub-1");
	}

	private record MapStore(Map<String, BindingTokenStore.Entry> entries) implements BindingTokenStore {
		@Override
		public void save(String tokenHash, String subscriptionId, Instant expiresAt, Instant now) {
			entries.values().removeIf(entry -> entry.expiresAt().isBefore(now));
			entries.put(tokenHash, new Entry(subscriptionId, expiresAt));
		}

		@Override
		public Optional<Entry> take(String tokenHash) {
			return Optional.ofNullable(entries.remove(tokenHash));
		}
	}

	private static final class MovableClock extends Clock {
		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}
	}
}
