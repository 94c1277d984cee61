package io.github.llmfailover.test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import reactor.core.publisher.Mono;

import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.routing.CircuitBreakerSettings;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderRoute;
import io.github.llmfailover.routing.RoutedProviderAccess;

/**
 * A registry of three providers as in the documentation's example (openai 3, anthropic 2,
 * local on priority 1), whose clients are never called, for tests of what observes and
 * steers routing.
 */
public final class TestProviders {

	public static final String API_KEY = "sk-test-never-shown";

	private static final CircuitBreakerSettings BREAKER = new CircuitBreakerSettings(50, 20, 5, Duration.ofSeconds(30),
			2);

	private TestProviders() {
	}

	public static ProviderRegistry registry() {
		ProviderClient unused = (request) -> Mono
			.error(ProviderException.errorStatus("x", 500, "not called", null, null, null));
		return ProviderRegistry.builder(CircuitBreakerRegistry.ofDefaults())
			.add(route("openai", "openai", "https://api.openai.com/v1", "gpt-4o-mini", 0, 3), unused)
			.add(route("anthropic", "anthropic", "https://api.anthropic.com", "claude-haiku-4-5", 0, 2), unused)
			.add(route("local", "ollama", "http://localhost:11434", "llama3.2", 1, 1), unused)
			.build();
	}

	private static ProviderRoute route(String name, String type, String url, String model, int priority, int weight) {
		return new ProviderRoute(new ProviderSettings(name, type, URI.create(url), API_KEY, model, Map.of(), null),
				priority, weight, true, BREAKER);
	}

	/** Put a provider in a cooldown, as a {@code Retry-After} would. */
	public static void coolDown(ProviderRegistry registry, String name, Duration duration) {
		RoutedProviderAccess.coolDown(registry, name, duration);
	}

	/** A provider's circuit breaker, to drive it as its calls would. */
	public static CircuitBreaker circuitBreaker(ProviderRegistry registry, String name) {
		return RoutedProviderAccess.circuitBreaker(registry, name);
	}

}
