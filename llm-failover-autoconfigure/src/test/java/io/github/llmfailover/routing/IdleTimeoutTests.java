package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The silence between items is bounded by one timer that follows the items, in virtual
 * time.
 */
class IdleTimeoutTests {

	private static final Duration IDLE = Duration.ofSeconds(2);

	private static Flux<Long> watched(Flux<Long> items) {
		IdleTimeout idle = new IdleTimeout(IDLE);
		return items.timeout(Mono.never(), (item) -> idle).doFinally((signal) -> idle.stop());
	}

	@Test
	void itemsThatKeepComingWithinTheIdleTimeoutAreNotCut() {
		// Ten seconds of items, each 1.5 s after the last: five idle periods in all.
		StepVerifier.withVirtualTime(() -> watched(Flux.interval(Duration.ofMillis(1500)).take(7)))
			.thenAwait(Duration.ofSeconds(11))
			.expectNextCount(7)
			.verifyComplete();
	}

	@Test
	void silenceLongerThanTheIdleTimeoutAfterAnItemEndsTheStream() {
		StepVerifier
			.withVirtualTime(() -> watched(Flux.interval(Duration.ofMillis(1500)).take(3).concatWith(Flux.never())))
			.thenAwait(Duration.ofMillis(4500))
			.expectNextCount(3)
			// The silence is counted from the last item, not from when the timer was set.
			.expectNoEvent(Duration.ofMillis(1999))
			.thenAwait(Duration.ofMillis(1))
			.expectError(TimeoutException.class)
			.verify();
	}

	@Test
	void theLastItemsSilenceCountsEvenWhenTheTimerWasArmedEarlier() {
		// Armed at the first item (0.5 s), the timer fires at 2.5 s, finds the item of
		// 2 s, and waits for 4 s.
		StepVerifier
			.withVirtualTime(() -> watched(Flux.just(0L, 1L)
				.concatMap((i) -> Mono.delay(Duration.ofMillis((i == 0) ? 500 : 1500)).thenReturn(i))
				.concatWith(Flux.never())))
			.thenAwait(Duration.ofMillis(2000))
			.expectNext(0L, 1L)
			.expectNoEvent(Duration.ofMillis(1999))
			.thenAwait(Duration.ofMillis(1))
			.expectError(TimeoutException.class)
			.verify();
	}

}
