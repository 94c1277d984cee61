package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a request chooses among the providers of its priority tier.
 *
 * @see LlmFailoverProperties#getRouting()
 */
public class RoutingProperties {

	/**
	 * Strategy of every tier: weighted (by weight alone), cheapest-first (the providers
	 * with the lowest expected cost of the request first, weights sharing among equal
	 * costs, providers without a price last) or latency-aware (weights adjusted by each
	 * provider's recent latency, see routing.latency-aware).
	 */
	private Strategy strategy = Strategy.WEIGHTED;

	/**
	 * Strategy of single tiers, by priority, overriding routing.strategy for them.
	 */
	private Map<Integer, Strategy> tierStrategy = new LinkedHashMap<>();

	/**
	 * Output tokens cheapest-first expects of a request that sets no max tokens, when its
	 * provider sets no max-tokens either, until the provider has answered; from then on,
	 * the decaying average of its answers' output tokens is expected.
	 */
	private int expectedOutputTokens = 500;

	/**
	 * Latency-aware shares, in the tiers whose strategy is latency-aware.
	 */
	private final LatencyAware latencyAware = new LatencyAware();

	public Strategy getStrategy() {
		return this.strategy;
	}

	public void setStrategy(Strategy strategy) {
		this.strategy = strategy;
	}

	public Map<Integer, Strategy> getTierStrategy() {
		return this.tierStrategy;
	}

	public void setTierStrategy(Map<Integer, Strategy> tierStrategy) {
		this.tierStrategy = tierStrategy;
	}

	public int getExpectedOutputTokens() {
		return this.expectedOutputTokens;
	}

	public void setExpectedOutputTokens(int expectedOutputTokens) {
		this.expectedOutputTokens = expectedOutputTokens;
	}

	public LatencyAware getLatencyAware() {
		return this.latencyAware;
	}

	/**
	 * How a tier chooses among its providers.
	 */
	public enum Strategy {

		/** By weight alone. */
		WEIGHTED,

		/** The cheapest for the request first, by weight among equal costs. */
		CHEAPEST_FIRST,

		/** By weight, moved toward the providers with the lowest recent latency. */
		LATENCY_AWARE

	}

	/**
	 * Latency-aware shares: each provider's weight is divided by the square of how many
	 * times slower than the tier's fastest it has recently been (time to first token for
	 * streams, time per output token for whole answers), within bounds.
	 */
	public static class LatencyAware {

		/**
		 * How long until an answer counts half in a provider's average latency. Shorter
		 * follows changes faster; longer is steadier.
		 */
		private Duration halfLife = Duration.ofSeconds(5);

		/**
		 * How many times the share its weight gives it a fast provider may get at most. 1
		 * or more; 1 never moves traffic toward a provider, only away.
		 */
		private double maxFactor = 2.0;

		/**
		 * Share of its tier's requests a slow provider keeps (or its weight's share, when
		 * smaller), so that it keeps being measured and wins its share back when it
		 * speeds up. Between 0 and 1.
		 */
		private double minShare = 0.05;

		public Duration getHalfLife() {
			return this.halfLife;
		}

		public void setHalfLife(Duration halfLife) {
			this.halfLife = halfLife;
		}

		public double getMaxFactor() {
			return this.maxFactor;
		}

		public void setMaxFactor(double maxFactor) {
			this.maxFactor = maxFactor;
		}

		public double getMinShare() {
			return this.minShare;
		}

		public void setMinShare(double minShare) {
			this.minShare = minShare;
		}

	}

}
