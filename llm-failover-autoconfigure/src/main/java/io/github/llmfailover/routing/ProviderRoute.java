package io.github.llmfailover.routing;

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
 */
public record ProviderRoute(ProviderSettings settings, int priority, int weight, boolean enabled,
		CircuitBreakerSettings circuitBreaker) {

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
	 * The provider's name in the configuration.
	 * @return the name
	 */
	public String name() {
		return this.settings.name();
	}

}
