package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.provider.ProviderClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How calls pass a provider's guards, on real Resilience4j instances: the bulkhead
 * outside the breaker, an open circuit refusing all but panic calls, streams without the
 * bulkhead.
 */
class ProviderCallsTests {

	private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("openai");

	private final Bulkhead bulkhead = Bulkhead.of("openai",
			BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());

	private final AtomicInteger streamsOpened = new AtomicInteger();

	private final ProviderClient client = new ProviderClient() {

		@Override
		public Mono<Completion> complete(ChatRequest request) {
			return Mono.never();
		}

		@Override
		public Flux<ChatChunk> stream(ChatRequest request) {
			ProviderCallsTests.this.streamsOpened.incrementAndGet();
			return Flux.just(new ChatChunk("openai", "Hello", null, null));
		}

	};

	private final ProviderCalls calls = new ProviderCalls(this.client, this.breaker, this.bulkhead,
			new RateLimitGate("openai", null, HeaderRateLimits.off(), Clock.systemUTC(), ProviderStateListeners.NONE));

	@Test
	void aCallTheBulkheadTurnsAwayNeverReachesTheBreaker() {
		Disposable inFlight = this.calls.protect(Mono.never(), false).subscribe();
		StepVerifier.create(this.calls.protect(Mono.just("answer"), false))
			.expectError(BulkheadFullException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
		inFlight.dispose();
		StepVerifier.create(this.calls.protect(Mono.just("answer"), false)).expectNext("answer").verifyComplete();
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
	}

	@Test
	void anOpenCircuitRefusesACallWithoutMakingIt() {
		AtomicInteger made = new AtomicInteger();
		this.breaker.transitionToOpenState();
		StepVerifier.create(this.calls.protect(Mono.fromCallable(made::incrementAndGet), false))
			.expectError(CallNotPermittedException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(made).hasValue(0);
	}

	@Test
	void aPanicCallGoesPastTheOpenCircuitAndTheBreakerHearsItsOutcome() {
		this.breaker.transitionToOpenState();
		StepVerifier.create(this.calls.protect(Mono.just("answer"), true)).expectNext("answer").verifyComplete();
		StepVerifier.create(this.calls.protectStream(Flux.just("a", "b"), true)).expectNext("a", "b").verifyComplete();
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
	}

	@Test
	void aStreamIsNotBoundByTheBulkhead() {
		Disposable inFlight = this.calls.protect(Mono.never(), false).subscribe();
		StepVerifier.create(this.calls.protectStream(this.calls.stream(ChatRequest.of("hi")), false))
			.expectNextMatches((chunk) -> chunk.text().equals("Hello"))
			.verifyComplete();
		inFlight.dispose();
	}

	@Test
	void aStreamIsOpenedOnlyWhenSubscribed() {
		Flux<ChatChunk> stream = this.calls.stream(ChatRequest.of("hi"));
		assertThat(this.streamsOpened).hasValue(0);
		stream.blockLast(Duration.ofSeconds(5));
		assertThat(this.streamsOpened).hasValue(1);
	}

}
