package io.github.llmfailover.routing;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;

/**
 * The circuit breaker of one provider, in the terms of the configuration.
 *
 * @param failureRateThreshold the failure percentage that opens the circuit
 * @param slidingWindowSize how many recent calls the rate is computed over
 * @param minimumNumberOfCalls how many calls are needed before the rate counts
 * @param waitDurationInOpenState how long the circuit stays open before it lets trial
 * calls through
 * @param permittedCallsInHalfOpenState how many trial calls decide whether it closes
 */
public record CircuitBreakerSettings(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
		Duration waitDurationInOpenState, int permittedCallsInHalfOpenState) {

	/**
	 * The Resilience4j configuration. Only provider failures are recorded: a request the
	 * provider rejected as bad, a call the caller cancelled, or one the breaker itself
	 * refused says nothing about the provider's health. A rate limit or overload that
	 * names its wait is ignored: the cooldown handles it. The open state ends by itself,
	 * because routing keeps open circuits out of rotation and no call would otherwise
	 * move them to half-open.
	 * @return the configuration
	 */
	public CircuitBreakerConfig toCircuitBreakerConfig() {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(SlidingWindowType.COUNT_BASED)
			.failureRateThreshold(this.failureRateThreshold)
			.slidingWindowSize(this.slidingWindowSize)
			.minimumNumberOfCalls(this.minimumNumberOfCalls)
			.waitDurationInOpenState(this.waitDurationInOpenState)
			.permittedNumberOfCallsInHalfOpenState(this.permittedCallsInHalfOpenState)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.recordException(FailureClassifier::isProviderFailure)
			.ignoreException(FailureClassifier::isHandledByCooldown)
			.build();
	}

}
