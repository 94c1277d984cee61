package io.github.llmfailover.routing;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.TokenUsage;

/**
 * How a request chooses among the providers in rotation of the tier that serves it. A
 * strategy ranks the providers for each request: inside the tier, only the candidates of
 * the lowest rank share the request, by weight; the others serve when those failed for
 * the request or are out of rotation, before the next tier. Tiers, circuits, cooldowns,
 * budgets and failover work as with weights alone.
 */
@FunctionalInterface
public interface TierRouting {

	/**
	 * Rank the providers for one request.
	 * @param request the request, or {@code null} for a typical request (the shares the
	 * actuator shows)
	 * @param providers every provider, in the order of the registry's
	 * {@link ProviderRegistry.Builder#add additions}
	 * @return one rank per provider in the same order, lower first; or {@code null} when
	 * every provider ranks the same, so that weights alone decide
	 */
	double @Nullable [] rank(@Nullable ChatRequest request, List<ProviderRoute> providers);

	/**
	 * Learn from a successful answer, for strategies that rank by what providers did;
	 * nothing by default. Called on the thread that received the answer, so it must not
	 * block.
	 * @param provider the name of the provider that answered
	 * @param usage the answer's token usage
	 */
	default void recordAnswer(String provider, TokenUsage usage) {
	}

	/**
	 * By weight alone, the default.
	 * @return the strategy
	 */
	static TierRouting weighted() {
		return Weighted.INSTANCE;
	}

	/**
	 * The cheapest providers first, by the expected cost of each request: prices times
	 * its estimated input tokens and its expected output, which is the decaying average
	 * of each provider's recent answers (capped at the request's limit) once it has
	 * answered. Weights share the requests among providers of equal cost; providers
	 * without a price come after every priced one.
	 * @param expectedOutputTokens the output expected, before a provider's first answer,
	 * of a request that sets no {@code maxTokens}, when its provider sets none either
	 * @return the strategy
	 */
	static TierRouting cheapestFirst(int expectedOutputTokens) {
		return new CheapestFirstRouting(expectedOutputTokens);
	}

	/**
	 * A strategy per tier.
	 * @param defaultRouting the strategy of tiers without their own
	 * @param byPriority the strategies of some tiers, by priority
	 * @return the strategy
	 */
	static TierRouting perTier(TierRouting defaultRouting, Map<Integer, TierRouting> byPriority) {
		return byPriority.isEmpty() ? defaultRouting : new PerTierRouting(defaultRouting, byPriority);
	}

	/**
	 * Ranking by weight alone.
	 */
	enum Weighted implements TierRouting {

		INSTANCE;

		@Override
		public double @Nullable [] rank(@Nullable ChatRequest request, List<ProviderRoute> providers) {
			return null;
		}

	}

}
