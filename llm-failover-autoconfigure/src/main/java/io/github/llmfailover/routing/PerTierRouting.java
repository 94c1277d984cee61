package io.github.llmfailover.routing;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.TokenUsage;

/**
 * A strategy per tier: each provider takes its rank from its tier's strategy. Ranks only
 * ever compare inside a tier, so strategies never mix.
 */
final class PerTierRouting implements TierRouting {

	private final TierRouting defaultRouting;

	private final Map<Integer, TierRouting> byPriority;

	/** Each strategy once, though several tiers may share one. */
	private final Set<TierRouting> strategies;

	PerTierRouting(TierRouting defaultRouting, Map<Integer, TierRouting> byPriority) {
		this.defaultRouting = defaultRouting;
		this.byPriority = Map.copyOf(byPriority);
		Set<TierRouting> strategies = Collections.newSetFromMap(new IdentityHashMap<>());
		strategies.add(defaultRouting);
		strategies.addAll(byPriority.values());
		this.strategies = strategies;
	}

	@Override
	public void recordAnswer(String provider, TokenUsage usage) {
		for (TierRouting strategy : this.strategies) {
			strategy.recordAnswer(provider, usage);
		}
	}

	@Override
	public double @Nullable [] rank(@Nullable ChatRequest request, List<ProviderRoute> providers) {
		double @Nullable [] defaults = this.defaultRouting.rank(request, providers);
		double[] ranks = null;
		for (Map.Entry<Integer, TierRouting> tier : this.byPriority.entrySet()) {
			double @Nullable [] own = tier.getValue().rank(request, providers);
			for (int i = 0; i < providers.size(); i++) {
				if (providers.get(i).priority() == tier.getKey()) {
					if (ranks == null) {
						ranks = (defaults != null) ? defaults.clone() : new double[providers.size()];
					}
					ranks[i] = (own != null) ? own[i] : 0;
				}
			}
		}
		return (ranks != null) ? ranks : defaults;
	}

}
