package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Latency-aware shares: inside the tiers it applies to, each provider's share of the
 * requests follows its recent latency as well as its weight. A provider's latency is a
 * decaying average (see {@link Latency}) of its streams' time to first token and of its
 * whole answers' time per output token; each provider is compared with the tier's fastest
 * on each measure, and the larger ratio counts. Its weight is divided by that ratio
 * squared, so that a provider twice as slow gets a quarter of what its weight would give
 * it against the fastest. Two bounds keep it honest:
 * <ul>
 * <li>no share rises above the share its weight gives it times the max factor, so that a
 * fast provider is not flooded past what it was sized for;</li>
 * <li>no share falls below the min share (or its weight's share, when that is smaller),
 * so that a slow provider keeps being measured and wins its share back when it speeds up
 * again.</li>
 * </ul>
 * A provider with fewer than {@value #MIN_MEASURED} measured answers of a kind counts as
 * fast as the fastest on that measure. Tiers, circuits, cooldowns and failover are
 * unchanged: the shares only split the requests among a tier's providers in rotation.
 */
public final class LatencyAwareShares {

	/** Answers of a kind a provider needs before its average of that kind counts. */
	static final int MIN_MEASURED = 5;

	private static final Duration DEFAULT_HALF_LIFE = Duration.ofSeconds(5);

	private static final LatencyAwareShares OFF = new LatencyAwareShares((priority) -> false, DEFAULT_HALF_LIFE, 1, 0);

	/** Shares this close to a bound are at it, for the reasons shown. */
	private static final double AT_BOUND = 1e-9;

	private final IntPredicate tiers;

	private final Duration halfLife;

	private final double maxFactor;

	private final double minShare;

	private LatencyAwareShares(IntPredicate tiers, Duration halfLife, double maxFactor, double minShare) {
		this.tiers = tiers;
		this.halfLife = halfLife;
		this.maxFactor = maxFactor;
		this.minShare = minShare;
	}

	/**
	 * Shares by weight alone in every tier. Latencies are still measured, with a
	 * half-life of 5 seconds, for the actuator.
	 * @return the strategy
	 */
	public static LatencyAwareShares off() {
		return OFF;
	}

	/**
	 * Latency-aware shares in every tier.
	 * @param halfLife how long until an answer counts half in a provider's average
	 * @param maxFactor how many times its weight's share a provider may get at most, 1 or
	 * more
	 * @param minShare the share a provider keeps however slow, between 0 and 1 (or its
	 * weight's share, when smaller)
	 * @return the strategy
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public static LatencyAwareShares of(Duration halfLife, double maxFactor, double minShare) {
		if (halfLife.toMillis() <= 0) {
			throw new IllegalArgumentException("The latency half-life must be at least 1 ms, was " + halfLife);
		}
		if (!(maxFactor >= 1)) {
			throw new IllegalArgumentException(
					"The max factor of latency-aware shares must be 1 or more, was " + maxFactor);
		}
		if (!(minShare >= 0 && minShare <= 1)) {
			throw new IllegalArgumentException(
					"The min share of latency-aware shares must be between 0 and 1, was " + minShare);
		}
		return new LatencyAwareShares((priority) -> true, halfLife, maxFactor, minShare);
	}

	/**
	 * These shares in some tiers only; the others share by weight.
	 * @param priorities the priorities of the tiers they apply to
	 * @return the strategy
	 */
	public LatencyAwareShares inTiers(IntPredicate priorities) {
		return (this == OFF) ? OFF : new LatencyAwareShares(priorities, this.halfLife, this.maxFactor, this.minShare);
	}

	/**
	 * Whether a tier's shares follow latency.
	 * @param priority the tier's priority
	 * @return {@code true} if so
	 */
	boolean appliesTo(int priority) {
		return this.tiers.test(priority);
	}

	/**
	 * How long until an answer counts half in a provider's averages.
	 * @return the half-life
	 */
	Duration halfLife() {
		return this.halfLife;
	}

	/**
	 * Split a tier's requests among its candidates.
	 * @param weights each provider's weight, 0 for those that may not serve
	 * @param latencies each provider's latency, in the same order
	 * @return each provider's share, adding up to 1 (all 0 when no weight is)
	 */
	double[] shares(int[] weights, Latency[] latencies) {
		int n = weights.length;
		double[] shares = new double[n];
		long total = 0;
		for (int weight : weights) {
			total += weight;
		}
		if (total == 0) {
			return shares;
		}
		double[] fastest = fastest(weights, latencies);
		double[] desire = new double[n];
		double[] low = new double[n];
		double[] high = new double[n];
		for (int i = 0; i < n; i++) {
			if (weights[i] > 0) {
				double configured = weights[i] / (double) total;
				double slowness = slowness(latencies[i], fastest).ratio();
				desire[i] = weights[i] / (slowness * slowness);
				low[i] = Math.min(this.minShare, configured);
				high[i] = Math.min(1, configured * this.maxFactor);
			}
		}
		double scale = scale(desire, low, high);
		double sum = 0;
		for (int i = 0; i < n; i++) {
			shares[i] = clamp(scale * desire[i], low[i], high[i]);
			sum += shares[i];
		}
		for (int i = 0; i < n; i++) {
			shares[i] /= sum;
		}
		return shares;
	}

	/**
	 * The scale that makes the desired shares, each held between its bounds, add up to 1.
	 * Their sum grows with the scale, linearly between the points where a share meets a
	 * bound: the scale lies between the last such point below 1 and the first at or
	 * above, where it is interpolated exactly.
	 */
	private static double scale(double[] desire, double[] low, double[] high) {
		double[] points = new double[2 * desire.length];
		int count = 0;
		for (int i = 0; i < desire.length; i++) {
			if (desire[i] > 0) {
				points[count++] = low[i] / desire[i];
				points[count++] = high[i] / desire[i];
			}
		}
		Arrays.sort(points, 0, count);
		double previous = 0;
		double previousSum = sum(0, desire, low, high);
		for (int k = 0; k < count; k++) {
			double point = points[k];
			double pointSum = sum(point, desire, low, high);
			if (pointSum >= 1) {
				return (pointSum > previousSum)
						? previous + (1 - previousSum) * (point - previous) / (pointSum - previousSum) : point;
			}
			previous = point;
			previousSum = pointSum;
		}
		return previous;
	}

	private static double sum(double scale, double[] desire, double[] low, double[] high) {
		double sum = 0;
		for (int i = 0; i < desire.length; i++) {
			sum += clamp(scale * desire[i], low[i], high[i]);
		}
		return sum;
	}

	private static double clamp(double value, double low, double high) {
		return Math.max(low, Math.min(high, value));
	}

	/**
	 * Why a provider gets its share, for the actuator.
	 * @param weights each provider's weight, 0 for those that may not serve
	 * @param latencies each provider's latency
	 * @param shares the shares {@link #shares} gave
	 * @param i the provider
	 * @return a short reason such as
	 * {@code latency 5.1x the tier's fastest (ttft 310 ms vs 61 ms)}
	 */
	String reason(int[] weights, Latency[] latencies, double[] shares, int i) {
		long total = Arrays.stream(weights).asLongStream().sum();
		double configured = weights[i] / (double) total;
		Slowness slowness = slowness(latencies[i], fastest(weights, latencies));
		StringBuilder reason = new StringBuilder();
		if (slowness.measure() < 0) {
			reason.append("latency not measured yet (fewer than " + MIN_MEASURED + " answers): its weight's share");
		}
		else if (slowness.ratio() <= 1) {
			reason.append("the tier's fastest (").append(describe(slowness)).append(')');
		}
		else {
			reason.append(String.format(Locale.ROOT, "latency %.1fx the tier's fastest (%s vs %s)", slowness.ratio(),
					describe(slowness), millis(slowness.fastest())));
		}
		if (shares[i] >= Math.min(1, configured * this.maxFactor) - AT_BOUND && shares[i] > configured + AT_BOUND) {
			reason.append(String.format(Locale.ROOT, "; capped at %sx its weight's share", number(this.maxFactor)));
		}
		else if (shares[i] <= Math.min(this.minShare, configured) + AT_BOUND && shares[i] < configured - AT_BOUND) {
			reason.append(String.format(Locale.ROOT, "; held at the min share %s to keep measuring it",
					number(this.minShare)));
		}
		return reason.toString();
	}

	private static String describe(Slowness slowness) {
		return MEASURES[slowness.measure()] + " " + millis(slowness.value());
	}

	private static String millis(double millis) {
		return String.format(Locale.ROOT, (millis >= 10) ? "%.0f ms" : "%.2g ms", millis);
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.valueOf(value);
	}

	/** The names of the measures, in the order of {@link #measured}. */
	private static final String[] MEASURES = { "ttft", "per output token" };

	/**
	 * A provider's average on one measure, if it has answered often enough to count.
	 * @param measure 0 for the time to first token, 1 per output token
	 * @return the average in milliseconds, or {@link Double#NaN}
	 */
	private static double measured(Latency latency, int measure) {
		Double value = (measure == 0) ? latency.firstTokenMillis() : latency.perOutputTokenMillis();
		int count = (measure == 0) ? latency.streams() : latency.answers();
		return (value != null && count >= MIN_MEASURED) ? value : Double.NaN;
	}

	/**
	 * The fastest average on each measure among the providers that may serve, NaN where
	 * none has one.
	 */
	private static double[] fastest(int[] weights, Latency[] latencies) {
		double[] fastest = { Double.NaN, Double.NaN };
		for (int measure = 0; measure < MEASURES.length; measure++) {
			for (int i = 0; i < weights.length; i++) {
				double value = measured(latencies[i], measure);
				if (weights[i] > 0 && !Double.isNaN(value) && !(value >= fastest[measure])) {
					fastest[measure] = value;
				}
			}
		}
		return fastest;
	}

	/**
	 * How much slower than the tier's fastest a provider is, on the measure where it is
	 * slowest compared with the fastest.
	 */
	private static Slowness slowness(Latency latency, double[] fastest) {
		Slowness slowest = new Slowness(1, -1, Double.NaN, Double.NaN);
		for (int measure = 0; measure < MEASURES.length; measure++) {
			double value = measured(latency, measure);
			if (!Double.isNaN(value)) {
				// A provider answering in no measurable time is as fast as any.
				double ratio = (fastest[measure] > 0) ? value / fastest[measure] : 1;
				if (slowest.measure() < 0 || ratio > slowest.ratio()) {
					slowest = new Slowness(Math.max(1, ratio), measure, value, fastest[measure]);
				}
			}
		}
		return slowest;
	}

	@Override
	public String toString() {
		return (this == OFF) ? "LatencyAwareShares{off}" : "LatencyAwareShares{halfLife=" + this.halfLife
				+ ", maxFactor=" + this.maxFactor + ", minShare=" + this.minShare + "}";
	}

	/**
	 * @param ratio its average over the fastest's, at least 1
	 * @param measure the measure, or -1 when it has none
	 * @param value its average
	 * @param fastest the fastest's average
	 */
	private record Slowness(double ratio, int measure, double value, double fastest) {
	}

}
