package io.github.llmfailover.routing;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.cost.Price;
import io.github.llmfailover.provider.ProviderSettings;

/**
 * How routing treats one provider, as configured: who it is, its tier and weight, whether
 * it starts in rotation, and when its circuit opens. Operators may later change the
 * weight and enabled flag; these stay what a reset returns to.
 *
 * @param settings the provider's settings, which name it
 * @param priority its tier; lower serves first
 * @param weight its share inside the tier; 0 keeps it out of rotation
 * @param enabled whether it starts in rotation
 * @param circuitBreaker its circuit breaker
 * @param price its prices, or {@code null} when unknown: its answers then have no cost
 */
public record ProviderRoute(ProviderSettings settings, int priority, int weight, boolean enabled,
		CircuitBreakerSettings circuitBreaker, @Nullable Price price) {

	/**
	 * @throws IllegalArgumentException if the weight is negative
	 */
	public ProviderRoute {
		if (weight < 0) {
			throw new IllegalArgumentException(
					"The weight of LLM provider '" + settings.name() + "' must not be negative, was " + weight);
		}
	}

	/**
	 * A route of a provider without a price.
	 * @param settings the provider's settings, which name it
	 * @param priority its tier; lower serves first
	 * @param weight its share inside the tier; 0 keeps it out of rotation
	 * @param enabled whether it starts in rotation
	 * @param circuitBreaker its circuit breaker
	 */
	public ProviderRoute(ProviderSettings settings, int priority, int weight, boolean enabled,
			CircuitBreakerSettings circuitBreaker) {
		this(settings, priority, weight, enabled, circuitBreaker, null);
	}

	/**
	 * The provider's name in the configuration.
	 * @return the name
	 */
	public String name() {
		return this.settings.name();
	}

}
