package io.github.llmfailover.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks how providers are chosen inside a tier: each tier's strategy, what
 * cheapest-first needs (prices), and latency-aware shares.
 */
final class RoutingValidator {

	private final ConfigurationProblems problems;

	RoutingValidator(ConfigurationProblems problems) {
		this.problems = problems;
	}

	void check(LlmFailoverProperties properties) {
		RoutingProperties routing = properties.getRouting();
		this.problems.requireAtLeastOne("routing.expected-output-tokens", routing.getExpectedOutputTokens());
		checkLatencyAware(routing.getLatencyAware());
		Map<Integer, Map<String, ProviderProperties>> tiers = new TreeMap<>();
		properties.getProviders()
			.forEach((name, provider) -> tiers
				.computeIfAbsent(provider.getPriority(), (priority) -> new LinkedHashMap<>())
				.put(name, provider));
		routing.getTierStrategy().forEach((priority, strategy) -> {
			if (!tiers.containsKey(priority) && properties.getGroups().isEmpty()) {
				this.problems.add("routing.tier-strategy." + priority,
						"names tier " + priority + ", but no provider has priority " + priority,
						"Use the priority of a tier: " + tiers.keySet() + ".");
			}
		});
		tiers.forEach((priority, providers) -> checkCheapestFirst(routing, priority, providers));
	}

	private void checkCheapestFirst(RoutingProperties routing, int priority,
			Map<String, ProviderProperties> providers) {
		boolean cheapestFirst = routing.getTierStrategy()
			.getOrDefault(priority, routing.getStrategy()) == RoutingProperties.Strategy.CHEAPEST_FIRST;
		boolean anyPrice = providers.values().stream().anyMatch((provider) -> provider.getPrice().isConfigured());
		if (cheapestFirst && !anyPrice) {
			String property = routing.getTierStrategy().containsKey(priority) ? "routing.tier-strategy." + priority
					: "routing.strategy";
			this.problems.add(property,
					"is cheapest-first for tier " + priority + ", but none of its providers ("
							+ String.join(", ", providers.keySet()) + ") has a price",
					"Give them prices (llm.failover.providers.<name>.price.input and .output), or set "
							+ "llm.failover." + property + "=weighted.");
		}
	}

	private void checkLatencyAware(RoutingProperties.LatencyAware latencyAware) {
		if (latencyAware.getHalfLife().toMillis() <= 0) {
			this.problems.add("routing.latency-aware.half-life",
					"is " + latencyAware.getHalfLife() + "; averages need time",
					"Set llm.failover.routing.latency-aware.half-life to 1ms or more (default 5s).");
		}
		if (!(latencyAware.getMaxFactor() >= 1)) {
			this.problems.add("routing.latency-aware.max-factor",
					"is " + latencyAware.getMaxFactor() + "; below 1, no provider could get its weight's share",
					"Set llm.failover.routing.latency-aware.max-factor to 1 or more (default 2.0).");
		}
		if (!(latencyAware.getMinShare() >= 0 && latencyAware.getMinShare() <= 1)) {
			this.problems.add("routing.latency-aware.min-share",
					"is " + latencyAware.getMinShare() + "; it is a fraction",
					"Set llm.failover.routing.latency-aware.min-share between 0 and 1, such as 0.05 (the default) "
							+ "for 5 % of the tier's requests.");
		}
	}

}
