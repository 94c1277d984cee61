package io.github.llmfailover.routing;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.cost.Budget;
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
 * @param budget what it may cost per day and month, in the currency of its prices, or
 * {@code null} for no limit
 */
public record ProviderRoute(ProviderSettings settings, int priority, int weight, boolean enabled,
		CircuitBreakerSettings circuitBreaker, @Nullable Price price, @Nullable Budget budget) {

	/**
	 * @throws IllegalArgumentException if the weight is negative, or there is a budget
	 * without a price
	 */
	public ProviderRoute {
		if (weight < 0) {
			throw new IllegalArgumentException(
					"The weight of LLM provider '" + settings.name() + "' must not be negative, was " + weight);
		}
		if (budget != null && price == null) {
			throw new IllegalArgumentException("LLM provider '" + settings.name()
					+ "' has a budget but no price: its spend, hence its budget, would be unknown");
		}
	}

	/**
	 * A route of a provider without a budget.
	 * @param settings the provider's settings, which name it
	 * @param priority its tier; lower serves first
	 * @param weight its share inside the tier; 0 keeps it out of rotation
	 * @param enabled whether it starts in rotation
	 * @param circuitBreaker its circuit breaker
	 * @param price its prices, or {@code null} when unknown
	 */
	public ProviderRoute(ProviderSettings settings, int priority, int weight, boolean enabled,
			CircuitBreakerSettings circuitBreaker, @Nullable Price price) {
		this(settings, priority, weight, enabled, circuitBreaker, price, null);
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
		this(settings, priority, weight, enabled, circuitBreaker, null, null);
	}

	/**
	 * This route at another priority, as a model group may place the provider.
	 * @param priority the tier
	 * @return the route, or this one when the priority is the same
	 */
	public ProviderRoute atPriority(int priority) {
		return (priority == this.priority) ? this : new ProviderRoute(this.settings, priority, this.weight,
				this.enabled, this.circuitBreaker, this.price, this.budget);
	}

	/**
	 * The provider's name in the configuration.
	 * @return the name
	 */
	public String name() {
		return this.settings.name();
	}

}
