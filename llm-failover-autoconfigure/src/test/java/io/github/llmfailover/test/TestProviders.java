package io.github.llmfailover.test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.routing.CircuitBreakerSettings;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.RoutedProvider;
import reactor.core.publisher.Mono;

/**
 * A registry of three providers as in the documentation's example (openai 3, anthropic 2,
 * local on priority 1), whose clients are never called, for tests of what observes and
 * steers routing.
 */
public final class TestProviders {

	public static final String API_KEY = "sk-test-never-shown";

	private TestProviders() {
	}

	public static ProviderRegistry registry() {
		CircuitBreakerSettings breaker = new CircuitBreakerSettings(50, 20, 5, Duration.ofSeconds(30), 2);
		ProviderClient unused = (request) -> Mono
			.error(ProviderException.errorStatus("x", 500, "not called", null, null, null));
		return ProviderRegistry.builder(CircuitBreakerRegistry.ofDefaults())
			.add(settings("openai", "openai", "https://api.openai.com/v1", "gpt-4o-mini"), 0, 3, true, unused, breaker)
			.add(settings("anthropic", "anthropic", "https://api.anthropic.com", "claude-haiku-4-5"), 0, 2, true,
					unused, breaker)
			.add(settings("local", "ollama", "http://localhost:11434", "llama3.2"), 1, 1, true, unused, breaker)
			.build();
	}

	private static ProviderSettings settings(String name, String type, String url, String model) {
		return new ProviderSettings(name, type, URI.create(url), API_KEY, model, Map.of(), null);
	}

	/** Put a provider in a cooldown, as a {@code Retry-After} would. */
	public static void coolDown(RoutedProvider provider, Duration duration) {
		io.github.llmfailover.routing.RoutedProviderAccess.coolDown(provider, duration);
	}

}
