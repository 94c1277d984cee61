package io.github.llmfailover.routing;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Client-side rate limits: a provider at its requests or tokens per minute leaves
 * rotation until its window ends, and traffic moves to the others without a failed
 * attempt.
 */
class RateLimitRoutingTests {

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private static final Duration LIMIT = Duration.ofSeconds(5);

	private final ScriptedProvider limited = new ScriptedProvider("limited");

	private final ScriptedProvider other = new ScriptedProvider("other");

	@Test
	void aProviderAtItsRequestLimitLeavesRotationUntilItsWindowEnds() {
		FailoverHarness harness = new FailoverHarness().provider("limited", 0, 1000, this.limited)
			.provider("other", 0, 1, this.other)
			.rateLimit("limited", new RateLimit(3, 0));
		harness.clock.startOfNextWindow();
		Built built = harness.build();
		for (int i = 0; i < 10; i++) {
			// The refused request is not an attempt: every answer took one.
			assertThat(built.client().chat(REQUEST).block(LIMIT).attempts()).hasSize(1);
		}
		assertThat(this.limited.calls).hasValue(3);
		assertThat(this.other.calls).hasValue(7);
		long windowEnd = RateLimit.windowEnd(RateLimit.window(harness.clock.millis()));
		assertThat(built.snapshot("limited").inRotation()).isFalse();
		assertThat(built.snapshot("limited").rateLimitedUntil()).isEqualTo(Instant.ofEpochMilli(windowEnd));
		assertThat(built.snapshot("limited").share()).isZero();
		harness.clock.advance(Duration.ofMinutes(1));
		assertThat(built.snapshot("limited").inRotation()).isTrue();
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("limited");
	}

	@Test
	void aProviderAtItsTokenLimitLeavesRotation() {
		// Each scripted answer counts 8 tokens: the second reaches 10.
		FailoverHarness harness = new FailoverHarness().provider("limited", 0, 1000, this.limited)
			.provider("other", 0, 1, this.other)
			.rateLimit("limited", new RateLimit(0, 10));
		harness.clock.startOfNextWindow();
		Built built = harness.build();
		for (int i = 0; i < 6; i++) {
			built.client().chat(REQUEST).block(LIMIT);
		}
		assertThat(this.limited.calls).hasValue(2);
		assertThat(this.other.calls).hasValue(4);
	}

	@Test
	void whenEveryProviderIsAtItsLimitRequestsFailFastSayingWhenTheWindowEnds() {
		FailoverHarness harness = new FailoverHarness().provider("limited", 0, 1, this.limited)
			.rateLimit("limited", new RateLimit(1, 0));
		harness.clock.startOfNextWindow();
		Built built = harness.build();
		built.client().chat(REQUEST).block(LIMIT);
		assertThatExceptionOfType(NoProviderAvailableException.class)
			.isThrownBy(() -> built.client().chat(REQUEST).block(LIMIT))
			.withMessageContaining("limited at its rate limit for 5")
			// One second into the window, minus what a slow machine takes for the calls.
			.satisfies((ex) -> assertThat(ex.retryAfter()).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(59)));
		assertThat(this.limited.calls).hasValue(1);
	}

	@Test
	void limitsAreCountedInWindowsThatStartOnTheMinute() {
		FailoverHarness.MutableClock clock = new FailoverHarness().clock;
		clock.startOfNextWindow();
		LocalProviderRateLimiter limiter = new LocalProviderRateLimiter(
				java.util.Map.of("limited", new RateLimit(2, 0)), clock);
		assertThat(limiter.limits("limited")).isTrue();
		assertThat(limiter.limits("other")).isFalse();
		assertThat(limiter.acquire("limited").block().granted()).isTrue();
		assertThat(limiter.acquire("limited").block().granted()).isTrue();
		ProviderRateLimiter.Decision refused = limiter.acquire("limited").block();
		assertThat(refused.granted()).isFalse();
		assertThat(refused.retryAtMillis() % RateLimit.WINDOW_MILLIS).isZero();
		assertThat(refused.retryAtMillis() - clock.millis()).isBetween(58_000L, 59_000L);
		clock.advance(Duration.ofSeconds(59));
		assertThat(limiter.acquire("limited").block().granted()).isTrue();
		// Shared by three instances counting alone, each keeps a third, rounded up.
		assertThat(limiter.acquire("limited", 3).granted()).isFalse();
		assertThat(new RateLimit(60, 1000).dividedBy(7)).isEqualTo(new RateLimit(9, 143));
	}

}
