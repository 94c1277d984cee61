package io.github.llmfailover.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Circuit breaker settings. Unset values of a provider's block fall back to the defaults.
 */
public class CircuitBreakerProperties {

	/**
	 * Failure percentage (1-100) of the recent calls that opens the circuit.
	 */
	private @Nullable Float failureRateThreshold;

	/**
	 * Number of recent calls the failure rate is computed over.
	 */
	private @Nullable Integer slidingWindowSize;

	/**
	 * Calls needed in the window before the failure rate can open the circuit.
	 */
	private @Nullable Integer minimumNumberOfCalls;

	/**
	 * How long an open circuit keeps the provider out of rotation before trial calls.
	 */
	private @Nullable Duration waitDurationInOpenState;

	/**
	 * Trial calls in the half-open state that decide whether the circuit closes again.
	 */
	private @Nullable Integer permittedCallsInHalfOpenState;

	static CircuitBreakerProperties withDefaults() {
		CircuitBreakerProperties defaults = new CircuitBreakerProperties();
		defaults.failureRateThreshold = 50f;
		defaults.slidingWindowSize = 20;
		defaults.minimumNumberOfCalls = 5;
		defaults.waitDurationInOpenState = Duration.ofSeconds(30);
		defaults.permittedCallsInHalfOpenState = 2;
		return defaults;
	}

	public @Nullable Float getFailureRateThreshold() {
		return this.failureRateThreshold;
	}

	public void setFailureRateThreshold(@Nullable Float failureRateThreshold) {
		this.failureRateThreshold = failureRateThreshold;
	}

	public @Nullable Integer getSlidingWindowSize() {
		return this.slidingWindowSize;
	}

	public void setSlidingWindowSize(@Nullable Integer slidingWindowSize) {
		this.slidingWindowSize = slidingWindowSize;
	}

	public @Nullable Integer getMinimumNumberOfCalls() {
		return this.minimumNumberOfCalls;
	}

	public void setMinimumNumberOfCalls(@Nullable Integer minimumNumberOfCalls) {
		this.minimumNumberOfCalls = minimumNumberOfCalls;
	}

	public @Nullable Duration getWaitDurationInOpenState() {
		return this.waitDurationInOpenState;
	}

	public void setWaitDurationInOpenState(@Nullable Duration waitDurationInOpenState) {
		this.waitDurationInOpenState = waitDurationInOpenState;
	}

	public @Nullable Integer getPermittedCallsInHalfOpenState() {
		return this.permittedCallsInHalfOpenState;
	}

	public void setPermittedCallsInHalfOpenState(@Nullable Integer permittedCallsInHalfOpenState) {
		this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
	}

}
