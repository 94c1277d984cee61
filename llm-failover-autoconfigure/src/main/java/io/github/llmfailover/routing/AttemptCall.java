package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.function.Function;

import reactor.core.publisher.Flux;

import io.github.llmfailover.routing.FailoverObservations.ObservedAttempt;

/**
 * How one attempt on one provider is made, and until when it may fail over: a whole
 * answer ({@link ChatCall}) or a stream ({@link StreamCall}).
 *
 * @param <T> what the attempt emits
 */
interface AttemptCall<T> {

	/**
	 * Make the attempt.
	 * @param provider the provider
	 * @param panic whether the provider is out of rotation and called anyway, in panic
	 * @param attemptTimeout the attempt's limit (for a stream, the wait for its first
	 * token)
	 * @param observed the attempt's observation
	 * @param state the request
	 * @param failover continues the request on another attempt after an error
	 * @return the attempt, followed by the failover when it fails in time
	 */
	Flux<T> attempt(RoutedProvider provider, boolean panic, Duration attemptTimeout, ObservedAttempt observed,
			RequestState state, Function<Throwable, Flux<T>> failover);

}
