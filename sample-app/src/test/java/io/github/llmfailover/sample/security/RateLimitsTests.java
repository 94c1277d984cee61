package io.github.llmfailover.sample.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimits}, on a clock the test moves.
 */
class RateLimitsTests {

	private final AtomicLong now = new AtomicLong(1_000);

	private final RateLimits limits = new RateLimits(Map.of("five", 5), this.now::get);

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	@Test
	void burstsUpToTheLimitThenRefillsEvenly() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.limits.acquire("five")).isZero();
		}
		assertThat(this.limits.acquire("five")).isEqualTo(Duration.ofSeconds(12));
		advance(Duration.ofSeconds(5));
		assertThat(this.limits.acquire("five")).isEqualTo(Duration.ofSeconds(7));
		advance(Duration.ofSeconds(7));
		assertThat(this.limits.acquire("five")).isZero();
		assertThat(this.limits.acquire("five")).isEqualTo(Duration.ofSeconds(12));
	}

	@Test
	void anIdleKeySavesNoMoreThanOneMinute() {
		this.limits.acquire("five");
		advance(Duration.ofHours(1));
		for (int i = 0; i < 5; i++) {
			assertThat(this.limits.acquire("five")).isZero();
		}
		assertThat(this.limits.acquire("five")).isPositive();
	}

	@Test
	void keysWithoutALimitAreNeverHeldBack() {
		for (int i = 0; i < 1000; i++) {
			assertThat(this.limits.acquire("unlimited")).isZero();
		}
		assertThat(this.limits.limitOf("unlimited")).isZero();
	}

}
