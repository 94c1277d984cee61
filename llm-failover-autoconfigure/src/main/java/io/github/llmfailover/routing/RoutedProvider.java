package io.github.llmfailover.routing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.SecretRedactor;

/**
 * One provider as routing sees it: its client, its circuit breaker and bulkhead, and the
 * live state that takes it in and out of rotation (weight, enabled flag, Retry-After
 * cooldown). Operators steer it through the setters; changes apply to the next request.
 */
public final class RoutedProvider {

	private static final Log logger = LogFactory.getLog(RoutedProvider.class);

	private final int index;

	private final ProviderSettings settings;

	private final int priority;

	private final int configuredWeight;

	private final boolean configuredEnabled;

	private final ProviderClient client;

	private final SecretRedactor redactor;

	private final CircuitBreaker circuitBreaker;

	private final @Nullable Bulkhead bulkhead;

	private final Clock clock;

	private volatile int weight;

	private volatile boolean enabled;

	private volatile long cooldownUntilMillis;

	private volatile long openUntilMillis;

	private volatile @Nullable ProviderError lastError;

	RoutedProvider(int index, ProviderSettings settings, int priority, int weight, boolean enabled,
			ProviderClient client, CircuitBreaker circuitBreaker, @Nullable Bulkhead bulkhead, Clock clock) {
		this.index = index;
		this.settings = settings;
		this.priority = priority;
		this.configuredWeight = weight;
		this.configuredEnabled = enabled;
		this.weight = weight;
		this.enabled = enabled;
		this.client = client;
		this.redactor = SecretRedactor.of(settings);
		this.circuitBreaker = circuitBreaker;
		this.bulkhead = bulkhead;
		this.clock = clock;
		// The breaker does not say when an open state ends; remember it to tell callers
		// when to come back.
		circuitBreaker.getEventPublisher().onStateTransition((event) -> {
			State to = event.getStateTransition().getToState();
			logger.info("Circuit of LLM provider '" + name() + "' went from "
					+ event.getStateTransition().getFromState() + " to " + to);
			this.openUntilMillis = (to == State.OPEN)
					? this.clock.millis()
							+ circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1)
					: 0;
		});
	}

	int index() {
		return this.index;
	}

	public String name() {
		return this.settings.name();
	}

	public String type() {
		return this.settings.type();
	}

	public String model() {
		return this.settings.model();
	}

	/**
	 * The API root as it may be shown: user-info, which may hold credentials
	 * ({@code https://user:secret@host}), is masked.
	 * @return the API root without credentials
	 */
	public URI baseUrl() {
		return URI.create(SecretRedactor.maskUserInfo(this.settings.baseUrl().toString()));
	}

	public int priority() {
		return this.priority;
	}

	/**
	 * The weight in effect now, which operators may have changed.
	 * @return the weight; 0 takes the provider out of rotation
	 */
	public int weight() {
		return this.weight;
	}

	public int configuredWeight() {
		return this.configuredWeight;
	}

	public boolean enabled() {
		return this.enabled;
	}

	public CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Put a whole call through this provider's circuit breaker and, when it has one, its
	 * bulkhead. The bulkhead goes outside, unlike in Spring Cloud CircuitBreaker: a call
	 * it turns away never reached the provider and must not count as the breaker's
	 * success. The instances are resolved once, when the provider is built, rather than
	 * on every call.
	 * @param <T> the answer's type
	 * @param call the call, with its timeout
	 * @return the protected call
	 */
	<T> Mono<T> protect(Mono<T> call) {
		Mono<T> guarded = call.transform(CircuitBreakerOperator.of(this.circuitBreaker));
		return (this.bulkhead != null) ? guarded.transform(BulkheadOperator.of(this.bulkhead)) : guarded;
	}

	ProviderClient client() {
		return this.client;
	}

	SecretRedactor redactor() {
		return this.redactor;
	}

	/**
	 * Until when a {@code Retry-After} keeps the provider out of rotation.
	 * @return the end of the cooldown, or {@code null} when it is not cooling down
	 */
	public @Nullable Instant cooldownUntil() {
		long until = this.cooldownUntilMillis;
		return (until > this.clock.millis()) ? Instant.ofEpochMilli(until) : null;
	}

	/**
	 * The last failure of this provider.
	 * @return the failure, or {@code null} if it has not failed
	 */
	public @Nullable ProviderError lastError() {
		return this.lastError;
	}

	/**
	 * Change the live weight. 0 takes the provider out of rotation.
	 * @param weight the new weight
	 */
	public void setWeight(int weight) {
		if (weight < 0) {
			throw new IllegalArgumentException("weight must not be negative, was " + weight);
		}
		int previous = this.weight;
		this.weight = weight;
		logger.info("LLM provider '" + name() + "': weight changed from " + previous + " to " + weight);
	}

	/**
	 * Take the provider in or out of rotation.
	 * @param enabled whether it is in rotation
	 */
	public void setEnabled(boolean enabled) {
		boolean previous = this.enabled;
		this.enabled = enabled;
		logger.info("LLM provider '" + name() + "': enabled changed from " + previous + " to " + enabled);
	}

	/**
	 * Force the circuit breaker into a state: {@code FORCED_OPEN} takes the provider out
	 * of rotation until changed, {@code CLOSED} lets it serve again, {@code DISABLED}
	 * lets every call through and stops counting failures.
	 * @param state the state
	 * @throws IllegalArgumentException for any other state
	 */
	public void forceCircuitState(State state) {
		switch (state) {
			case FORCED_OPEN -> this.circuitBreaker.transitionToForcedOpenState();
			case CLOSED -> this.circuitBreaker.transitionToClosedState();
			case DISABLED -> this.circuitBreaker.transitionToDisabledState();
			default -> throw new IllegalArgumentException(
					"circuitState can be forced to FORCED_OPEN, CLOSED or DISABLED, not " + state);
		}
	}

	/**
	 * Return to the configured weight and enabled flag, a closed circuit, no cooldown and
	 * no last error.
	 */
	public void reset() {
		this.weight = this.configuredWeight;
		this.enabled = this.configuredEnabled;
		this.cooldownUntilMillis = 0;
		this.lastError = null;
		this.circuitBreaker.reset();
		logger.info("LLM provider '" + name() + "' reset to its configuration (weight " + this.configuredWeight
				+ ", enabled " + this.configuredEnabled + ", circuit CLOSED)");
	}

	/**
	 * Whether the provider can take a new request now.
	 * @return {@code true} when enabled, weighted, not cooling down, and its circuit is
	 * not open
	 */
	public boolean isInRotation() {
		return isInRotation(this.clock.millis());
	}

	/**
	 * Whether the provider can take a new request now.
	 * @param nowMillis the current time
	 * @return {@code true} when enabled, weighted, not cooling down, and its circuit is
	 * not open
	 */
	boolean isInRotation(long nowMillis) {
		return this.enabled && this.weight > 0 && this.cooldownUntilMillis <= nowMillis && !isCircuitOpen();
	}

	boolean isCoolingDown(long nowMillis) {
		return this.cooldownUntilMillis > nowMillis;
	}

	private boolean isCircuitOpen() {
		State state = this.circuitBreaker.getState();
		return state == State.OPEN || state == State.FORCED_OPEN;
	}

	/**
	 * When the provider comes back into rotation by itself.
	 * @param nowMillis the current time
	 * @return the time in milliseconds, or {@link Long#MAX_VALUE} when only an operator
	 * can bring it back (disabled, weight 0, circuit forced open)
	 */
	long returnsAtMillis(long nowMillis) {
		if (!this.enabled || this.weight == 0 || this.circuitBreaker.getState() == State.FORCED_OPEN) {
			return Long.MAX_VALUE;
		}
		long returns = Math.max(this.cooldownUntilMillis, nowMillis);
		return (this.circuitBreaker.getState() == State.OPEN) ? Math.max(returns, this.openUntilMillis) : returns;
	}

	/**
	 * Why the provider is out of rotation, for error messages.
	 * @param nowMillis the current time
	 * @return a short reason
	 */
	String unavailableReason(long nowMillis) {
		if (!this.enabled) {
			return name() + " disabled";
		}
		if (this.weight == 0) {
			return name() + " has weight 0";
		}
		if (isCoolingDown(nowMillis)) {
			return name() + " cooling down for "
					+ Math.max(1, Duration.ofMillis(this.cooldownUntilMillis - nowMillis).toSeconds()) + "s";
		}
		return name() + " circuit " + this.circuitBreaker.getState();
	}

	void coolDown(Duration duration) {
		long until = this.clock.millis() + duration.toMillis();
		if (until > this.cooldownUntilMillis) {
			this.cooldownUntilMillis = until;
		}
	}

	void recordError(AttemptOutcome outcome, int status, String message) {
		this.lastError = new ProviderError(this.clock.instant(), outcome, status, message);
	}

	@Override
	public String toString() {
		return "RoutedProvider{" + name() + ", priority=" + this.priority + ", weight=" + this.weight + "}";
	}

	/**
	 * A provider's most recent failure.
	 *
	 * @param time when it happened
	 * @param outcome its class
	 * @param status the HTTP status, or 0
	 * @param message a short description, without secrets
	 */
	public record ProviderError(Instant time, AttemptOutcome outcome, int status, String message) {
	}

}
