package io.github.llmfailover.routing;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import io.github.llmfailover.provider.ProviderSettings;

/**
 * Three live providers for the unit tests of the registry's parts, made by the registry's
 * builder as in an application, with clients that are not called: a (priority 1, weight
 * 3), b (0, 1) and c (1, 2), added in that order, so that their order by priority is
 * another.
 *
 * @param routes their routes, by index
 * @param all the providers, by index
 */
record ThreeProviders(List<ProviderRoute> routes, List<RoutedProvider> all) {

	static ThreeProviders create() {
		List<ProviderRoute> routes = List.of(route("a", 1, 3), route("b", 0, 1), route("c", 1, 2));
		ProviderRegistry.Builder builder = ProviderRegistry.builder(CircuitBreakerRegistry.ofDefaults());
		routes.forEach((route) -> builder.add(route, new ScriptedProvider(route.name())));
		ProviderRegistry registry = builder.build();
		return new ThreeProviders(routes, routes.stream().map((route) -> registry.get(route.name())).toList());
	}

	RoutedProvider a() {
		return this.all.get(0);
	}

	RoutedProvider b() {
		return this.all.get(1);
	}

	RoutedProvider c() {
		return this.all.get(2);
	}

	private static ProviderRoute route(String name, int priority, int weight) {
		return new ProviderRoute(new ProviderSettings(name, "openai", URI.create("http://127.0.0.1:1/v1"), null,
				"model-" + name, Map.of(), null), priority, weight, true, FailoverHarness.DEFAULT_BREAKER);
	}

}
