package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;

/**
 * Configures Spring Cloud CircuitBreaker for each provider: its own circuit breaker settings,
 * and a TimeLimiter that follows {@code attempt-timeout} instead of Resilience4j's one-second
 * default, which would cut almost every LLM call.
 */
public final class ProviderCircuitBreakerCustomizer implements Customizer<ReactiveResilience4JCircuitBreakerFactory> {

	private final Map<String, CircuitBreakerSettings> settingsByProvider;

	private final Duration attemptTimeout;

	/**
	 * @param settingsByProvider the circuit breaker settings of each provider, by name
	 * @param attemptTimeout the limit of one attempt
	 */
	public ProviderCircuitBreakerCustomizer(Map<String, CircuitBreakerSettings> settingsByProvider,
			Duration attemptTimeout) {
		this.settingsByProvider = Map.copyOf(settingsByProvider);
		this.attemptTimeout = attemptTimeout;
	}

	@Override
	public void customize(ReactiveResilience4JCircuitBreakerFactory factory) {
		TimeLimiterConfig timeLimiter = TimeLimiterConfig.custom().timeoutDuration(this.attemptTimeout).build();
		this.settingsByProvider.forEach((name, settings) -> factory.configure((builder) -> builder
			.circuitBreakerConfig(settings.toCircuitBreakerConfig())
			.timeLimiterConfig(timeLimiter), name));
	}

}
