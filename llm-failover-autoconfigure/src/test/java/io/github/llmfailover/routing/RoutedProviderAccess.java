package io.github.llmfailover.routing;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Test access to what only routing does to a provider, for tests outside the package.
 */
public final class RoutedProviderAccess {

	private RoutedProviderAccess() {
	}

	/** Put a provider in a cooldown, as a {@code Retry-After} would. */
	public static void coolDown(ProviderRegistry registry, String name, Duration duration) {
		registry.get(name).cooldown().coolDown(duration);
	}

	/** The provider's circuit breaker, to drive it as its calls would. */
	public static CircuitBreaker circuitBreaker(ProviderRegistry registry, String name) {
		return registry.get(name).circuit().breaker();
	}

}
