package io.github.llmfailover.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.github.llmfailover.routing.FailoverHarness.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client-side rate limit as the gate keeps it: a refusal holds the provider back
 * until its window ends (never less than a moment), tokens count against the limit, and a
 * provider the limiter does not limit is never asked about.
 */
class RateLimitGateTests {

	private final MutableClock clock = new MutableClock();

	private final LocalProviderRateLimiter limiter = new LocalProviderRateLimiter(
			Map.of("openai", new RateLimit(2, 100)), this.clock);

	private final RateLimitGate gate = new RateLimitGate("openai", this.limiter, HeaderRateLimits.off(), this.clock,
			ProviderStateListeners.NONE);

	@Test
	void aRefusalHoldsTheProviderBackUntilItsWindowEnds() {
		this.clock.startOfNextWindow();
		assertThat(acquire()).isTrue();
		assertThat(acquire()).isTrue();
		assertThat(this.gate.holds(this.clock.millis())).isFalse();
		assertThat(acquire()).isFalse();
		long windowEnd = RateLimit.windowEnd(RateLimit.window(this.clock.millis()));
		assertThat(this.gate.heldBackUntilMillis()).isEqualTo(windowEnd);
		assertThat(this.gate.until(this.clock.millis())).isEqualTo(Instant.ofEpochMilli(windowEnd));
		assertThat(this.gate.unavailableReason(windowEnd - 2500)).isEqualTo("openai at its rate limit for 2s");
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(this.gate.holds(this.clock.millis())).isFalse();
		assertThat(this.gate.unavailableReason(this.clock.millis())).isNull();
		assertThat(acquire()).isTrue();
	}

	@Test
	void aRefusalWhoseWindowHasEndedStillHoldsForAMoment() {
		ProviderRateLimiter refusesInThePast = new ProviderRateLimiter() {

			@Override
			public boolean limits(String provider) {
				return true;
			}

			@Override
			public Mono<Decision> acquire(String provider) {
				return Mono.just(Decision.refusedUntil(1));
			}

			@Override
			public void recordTokens(String provider, long tokens) {
			}

		};
		RateLimitGate gate = new RateLimitGate("openai", refusesInThePast, HeaderRateLimits.off(), this.clock,
				ProviderStateListeners.NONE);
		long before = this.clock.millis();
		assertThat(gate.acquirePermit().block()).isFalse();
		assertThat(gate.heldBackUntilMillis()).isBetween(before + 1, this.clock.millis() + 1);
	}

	@Test
	void tokensCountAgainstTheTokenLimit() {
		this.clock.startOfNextWindow();
		this.gate.recordTokens(0);
		assertThat(acquire()).isTrue();
		this.gate.recordTokens(100);
		assertThat(acquire()).isFalse();
	}

	@Test
	void aProviderTheLimiterDoesNotLimitIsNeverHeldBack() {
		RateLimitGate unlimited = new RateLimitGate("anthropic", this.limiter, HeaderRateLimits.off(), this.clock,
				ProviderStateListeners.NONE);
		assertThat(unlimited.hasLimiter()).isFalse();
		assertThat(this.gate.hasLimiter()).isTrue();
		for (int i = 0; i < 5; i++) {
			assertThat(unlimited.acquirePermit().block()).isTrue();
		}
		assertThat(unlimited.heldBackUntilMillis()).isZero();
		assertThat(unlimited.lastRead()).isNull();
	}

	private boolean acquire() {
		return Boolean.TRUE.equals(this.gate.acquirePermit().block());
	}

}
