package io.github.llmfailover.routing;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.provider.ProviderClient;

/**
 * The calls to one provider: its client, each call counted in flight for its rate-limit
 * headers, behind its circuit breaker and bulkhead. The breaker and bulkhead instances
 * are resolved once, when the provider is built, rather than on every call.
 */
final class ProviderCalls {

	private final ProviderClient client;

	private final CircuitBreaker breaker;

	private final @Nullable Bulkhead bulkhead;

	private final RateLimitGate rateLimits;

	ProviderCalls(ProviderClient client, CircuitBreaker breaker, @Nullable Bulkhead bulkhead,
			RateLimitGate rateLimits) {
		this.client = client;
		this.breaker = breaker;
		this.bulkhead = bulkhead;
		this.rateLimits = rateLimits;
	}

	/**
	 * Ask the provider for a whole answer, counted in flight for its rate-limit headers.
	 * @param request the request
	 * @return the answer
	 */
	Mono<Completion> complete(ChatRequest request) {
		return this.rateLimits.track(this.client.complete(request));
	}

	/**
	 * Ask the provider for a stream, counted in flight for its rate-limit headers.
	 * @param request the request
	 * @return the chunks
	 */
	Flux<ChatChunk> stream(ChatRequest request) {
		return this.rateLimits.track(Flux.defer(() -> this.client.stream(request)));
	}

	/**
	 * Put a whole call through the circuit breaker and, when there is one, the bulkhead.
	 * The bulkhead goes outside, unlike in Spring Cloud CircuitBreaker: a call it turns
	 * away never reached the provider and must not count as the breaker's success.
	 * @param <T> the answer's type
	 * @param call the call, with its timeout
	 * @param panic whether the call is routed past the open circuit (see
	 * {@link PanicRouting}): the breaker then hears its outcome but does not refuse it
	 * @return the protected call
	 */
	<T> Mono<T> protect(Mono<T> call, boolean panic) {
		Mono<T> guarded = panic ? PastOpenCircuit.call(this.breaker, call)
				: call.transform(CircuitBreakerOperator.of(this.breaker));
		return (this.bulkhead != null) ? guarded.transform(BulkheadOperator.of(this.bulkhead)) : guarded;
	}

	/**
	 * Put a stream through the circuit breaker; no bulkhead, since a stream holds a
	 * pooled connection for as long as it runs, so the pool bounds streams.
	 * @param <T> the chunks' type
	 * @param stream the stream, with its timeouts
	 * @param panic whether the stream is routed past the open circuit
	 * @return the protected stream
	 */
	<T> Flux<T> protectStream(Flux<T> stream, boolean panic) {
		return panic ? PastOpenCircuit.stream(this.breaker, stream)
				: stream.transform(CircuitBreakerOperator.of(this.breaker));
	}

}
