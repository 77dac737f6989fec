package no.fjord.subscription.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

	private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1));

	@Test
	void waitDoublesFromTheFirstWait() {
		assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
		assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(160));
	}

	@Test
	void waitNeverExceedsTheLongestEvenAfterManyFailures() {
		assertThat(backoff.after(10)).isEqualTo(Duration.ofHours(1));
		assertThat(backoff.after(1_000_000)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void attemptsKeepComingForMoreThanADayBeforeGivingUp() {
		Duration elapsed = Duration.ZERO;
		int failures = 0;
		while (elapsed.compareTo(Duration.ofHours(25)) <= 0) {
			elapsed = elapsed.plus(backoff.after(++failures));
		}
		// 10 s doubling to 1 h: about 33 attempts in the 25 hours before a subscription is set to error
		assertThat(failures).isBetween(30, 40);
	}
}
