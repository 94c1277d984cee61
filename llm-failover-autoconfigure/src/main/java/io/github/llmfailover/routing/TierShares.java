package io.github.llmfailover.routing;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * How the requests of a serving tier split among its candidates, once the registry has
 * chosen the tier and its candidates: by weight, or by {@link LatencyAwareShares} in the
 * tiers that follow latency.
 */
final class TierShares {

	private final LatencyAwareShares latency;

	TierShares(LatencyAwareShares latency) {
		this.latency = latency;
	}

	/**
	 * Choose one of a tier's candidates at random, by share.
	 * @param priority the tier's priority
	 * @param weights the weight of each provider of the tier, 0 for those that are not
	 * candidates; at least one is not
	 * @param providers the providers, the tier's from {@code from} on
	 * @param from the position of the tier's first provider
	 * @return the provider
	 */
	RoutedProvider pick(int priority, int[] weights, RoutedProvider[] providers, int from) {
		if (this.latency.appliesTo(priority)) {
			return pickByShare(this.latency.shares(weights, latencies(weights, providers, from)), weights, providers,
					from);
		}
		long total = 0;
		for (int weight : weights) {
			total += weight;
		}
		long point = ThreadLocalRandom.current().nextLong(total);
		for (int k = 0; k < weights.length; k++) {
			point -= weights[k];
			if (point < 0) {
				return providers[from + k];
			}
		}
		throw new IllegalStateException("A point below the total weight is inside some weight");
	}

	private static RoutedProvider pickByShare(double[] shares, int[] weights, RoutedProvider[] providers, int from) {
		double point = ThreadLocalRandom.current().nextDouble();
		int last = -1;
		for (int k = 0; k < shares.length; k++) {
			if (weights[k] > 0) {
				last = k;
				point -= shares[k];
				if (point < 0) {
					break;
				}
			}
		}
		// Shares add up to 1 but for rounding: a point past them all takes the last.
		return providers[from + last];
	}

	/**
	 * Put each candidate's share of a tier into the map, and why, where it follows
	 * latency.
	 * @param priority the tier's priority
	 * @param weights the weight of each provider of the tier, 0 for those that are not
	 * candidates
	 * @param providers the providers, the tier's from {@code from} on
	 * @param from the position of the tier's first provider
	 * @param shares the shares by provider name, to put the candidates' into
	 * @param reasons where to put why, or {@code null}
	 */
	void describe(int priority, int[] weights, RoutedProvider[] providers, int from, Map<String, Double> shares,
			@Nullable Map<String, LatencyShare> reasons) {
		long total = 0;
		for (int weight : weights) {
			total += weight;
		}
		if (!this.latency.appliesTo(priority)) {
			for (int k = 0; k < weights.length; k++) {
				if (weights[k] > 0) {
					shares.put(providers[from + k].name(), weights[k] / (double) total);
				}
			}
			return;
		}
		Latency[] latencies = latencies(weights, providers, from);
		double[] split = this.latency.shares(weights, latencies);
		for (int k = 0; k < weights.length; k++) {
			if (weights[k] > 0) {
				String name = providers[from + k].name();
				shares.put(name, split[k]);
				if (reasons != null) {
					reasons.put(name, new LatencyShare(weights[k] / (double) total, split[k],
							this.latency.reason(weights, latencies, split, k)));
				}
			}
		}
	}

	private static Latency[] latencies(int[] weights, RoutedProvider[] providers, int from) {
		Latency[] latencies = new Latency[weights.length];
		for (int k = 0; k < weights.length; k++) {
			latencies[k] = providers[from + k].latency().averages();
		}
		return latencies;
	}

}
