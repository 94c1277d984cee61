package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Instant;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Watches a provider's circuit breaker for routing. The breaker does not say when an open
 * state ends, so this remembers it, to tell callers when to come back; it tells the
 * listeners when the circuit opens and closes; and it applies what operators force and
 * what other instances of the fleet saw, in the same way.
 */
final class CircuitWatch {

	// Logged under the provider's category, which operators know and filter on.
	private static final Log logger = LogFactory.getLog(RoutedProvider.class);

	private final String provider;

	private final CircuitBreaker breaker;

	private final Clock clock;

	private final ProviderStateListener listener;

	private volatile long openUntilMillis;

	/** Set while another instance's open circuit is applied here, to keep its end. */
	private volatile long sharedOpenUntilMillis;

	CircuitWatch(String provider, CircuitBreaker breaker, Clock clock, ProviderStateListener listener) {
		this.provider = provider;
		this.breaker = breaker;
		this.clock = clock;
		this.listener = listener;
		breaker.getEventPublisher()
			.onStateTransition((event) -> transitioned(event.getStateTransition().getFromState(),
					event.getStateTransition().getToState()));
	}

	private void transitioned(State from, State to) {
		logger.info("Circuit of LLM provider '" + this.provider + "' went from " + from + " to " + to);
		long shared = this.sharedOpenUntilMillis;
		this.openUntilMillis = (to != State.OPEN) ? 0 : (shared != 0) ? shared : this.clock.millis()
				+ this.breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		if (to == State.OPEN) {
			this.listener.circuitOpened(this.provider, Instant.ofEpochMilli(this.openUntilMillis));
		}
		else if (to == State.CLOSED && (from == State.HALF_OPEN || from == State.OPEN)) {
			this.listener.circuitClosed(this.provider);
		}
	}

	CircuitBreaker breaker() {
		return this.breaker;
	}

	State state() {
		return this.breaker.getState();
	}

	/**
	 * Whether the circuit refuses calls: {@code OPEN} or {@code FORCED_OPEN}.
	 * @return {@code true} if so
	 */
	boolean isOpen() {
		State state = this.breaker.getState();
		return state == State.OPEN || state == State.FORCED_OPEN;
	}

	/**
	 * Whether the circuit opened by itself ({@code OPEN}, not {@code FORCED_OPEN}), so
	 * that it half-opens after its wait.
	 * @return {@code true} if so
	 */
	boolean isOpenByItself() {
		return this.breaker.getState() == State.OPEN;
	}

	/**
	 * When the circuit lets calls through again.
	 * @param earliestMillis when they may go at the earliest, for other reasons
	 * @return that time or the end of the open state, whichever is later, or
	 * {@link Long#MAX_VALUE} when only an operator can close it (forced open)
	 */
	long letsCallsThroughAtMillis(long earliestMillis) {
		State state = this.breaker.getState();
		if (state == State.FORCED_OPEN) {
			return Long.MAX_VALUE;
		}
		return (state == State.OPEN) ? Math.max(earliestMillis, this.openUntilMillis) : earliestMillis;
	}

	/**
	 * The failure rate of the breaker's sliding window.
	 * @return the rate in percent, or {@code null} before its minimum number of calls
	 */
	@Nullable Float failureRate() {
		float failureRate = this.breaker.getMetrics().getFailureRate();
		return (failureRate < 0) ? null : failureRate;
	}

	/**
	 * Why the circuit keeps the provider out of rotation, for error messages.
	 * @return a short reason naming its state
	 */
	String unavailableReason() {
		return this.provider + " circuit " + this.breaker.getState();
	}

	/**
	 * Force the circuit into a state, as an operator asked.
	 * @param state one of {@link ProviderChange#FORCEABLE_STATES}
	 */
	void force(State state) {
		switch (state) {
			case FORCED_OPEN -> this.breaker.transitionToForcedOpenState();
			case CLOSED -> this.breaker.transitionToClosedState();
			case DISABLED -> this.breaker.transitionToDisabledState();
			default -> throw new IllegalStateException("Not a forceable state: " + state);
		}
	}

	/**
	 * Open the circuit until the given time, as if it had opened here: another instance
	 * saw the provider fail. Does nothing when the circuit is forced or disabled, or
	 * already open at least that long.
	 * @param until when the circuit lets trial calls through
	 */
	void openUntil(Instant until) {
		State state = this.breaker.getState();
		long untilMillis = until.toEpochMilli();
		boolean openLonger = state == State.OPEN && this.openUntilMillis >= untilMillis;
		if (untilMillis <= this.clock.millis() || openLonger
				|| (state != State.CLOSED && state != State.HALF_OPEN && state != State.OPEN)) {
			return;
		}
		this.sharedOpenUntilMillis = untilMillis;
		try {
			this.breaker.transitionToOpenStateUntil(until);
		}
		finally {
			this.sharedOpenUntilMillis = 0;
		}
	}

	/**
	 * Close the circuit if it is open or half-open: another instance saw the provider
	 * healthy again. Forced and disabled circuits stay as operators set them.
	 */
	void close() {
		State state = this.breaker.getState();
		if (state == State.OPEN || state == State.HALF_OPEN) {
			this.breaker.transitionToClosedState();
		}
	}

	/**
	 * Return to a closed circuit with an empty window, as an operator's reset does.
	 */
	void reset() {
		this.breaker.reset();
	}

}
