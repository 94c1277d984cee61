package io.github.llmfailover.routing;

import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A call routed past an open circuit in panic. Resilience4j's operators would refuse it
 * (the open breaker grants no permission), so the call goes ahead without one and its
 * outcome is reported to the breaker by hand, the way the operators report it: a success,
 * or an error the breaker's own predicates record or ignore. While the circuit is open
 * the breaker only counts these outcomes; it half-opens after its wait as usual.
 */
final class PastOpenCircuit {

	private PastOpenCircuit() {
	}

	static <T> Mono<T> call(CircuitBreaker breaker, Mono<T> call) {
		return Mono.defer(() -> {
			long start = breaker.getCurrentTimestamp();
			return call.doOnSuccess((value) -> breaker.onSuccess(elapsed(breaker, start), breaker.getTimestampUnit()))
				.doOnError((error) -> breaker.onError(elapsed(breaker, start), breaker.getTimestampUnit(), error));
		});
	}

	/**
	 * A stream: a success once it completes, or once cancelled after it emitted.
	 */
	static <T> Flux<T> stream(CircuitBreaker breaker, Flux<T> stream) {
		return Flux.defer(() -> {
			long start = breaker.getCurrentTimestamp();
			AtomicBoolean emitted = new AtomicBoolean();
			return stream.doOnNext((value) -> emitted.set(true))
				.doOnComplete(() -> breaker.onSuccess(elapsed(breaker, start), breaker.getTimestampUnit()))
				.doOnError((error) -> breaker.onError(elapsed(breaker, start), breaker.getTimestampUnit(), error))
				.doOnCancel(() -> {
					if (emitted.get()) {
						breaker.onSuccess(elapsed(breaker, start), breaker.getTimestampUnit());
					}
				});
		});
	}

	private static long elapsed(CircuitBreaker breaker, long start) {
		return breaker.getCurrentTimestamp() - start;
	}

}
