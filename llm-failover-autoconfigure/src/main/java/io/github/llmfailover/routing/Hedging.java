package io.github.llmfailover.routing;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatRequest;

/**
 * Hedged requests: when a request's first attempt has not answered (or, for a stream,
 * sent its first token) after a delay, the same request goes to another provider in
 * rotation, and the first answer wins; the other call is cancelled. The delay is fixed,
 * or a percentile of the first provider's recent latency. Hedges are capped by a budget:
 * each request adds a share of a token to a bucket, each hedge takes a whole one.
 */
public final class Hedging {

	/** Hedges the bucket can hold, so that a burst of slow answers can be hedged. */
	static final int BUCKET_CAPACITY = 10;

	private final boolean allowed;

	private final boolean byDefault;

	private final @Nullable Duration delay;

	private final double percentile;

	private final double budgetPercent;

	private final HedgeBudget budget;

	private Hedging(boolean allowed, boolean byDefault, @Nullable Duration delay, double percentile,
			double budgetPercent) {
		this.allowed = allowed;
		this.byDefault = byDefault;
		this.delay = delay;
		this.percentile = percentile;
		this.budgetPercent = budgetPercent;
		this.budget = new HedgeBudget(budgetPercent / 100);
	}

	/**
	 * No hedging at all, whatever requests ask.
	 * @return the strategy
	 */
	public static Hedging off() {
		return new Hedging(false, false, null, 95, 0);
	}

	/**
	 * Hedging with the given settings.
	 * @param byDefault whether requests that do not say ({@link ChatRequest#hedging()})
	 * are hedged
	 * @param delay how long the first attempt may take before the hedge, or {@code null}
	 * for the percentile of the first provider's recent latency
	 * @param percentile the percentile, when the delay is not fixed: a provider with
	 * fewer than 20 recent answers is not hedged
	 * @param budgetPercent hedges allowed, in percent of the requests
	 * @return the strategy
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public static Hedging of(boolean byDefault, @Nullable Duration delay, double percentile, double budgetPercent) {
		if (delay != null && (delay.isNegative() || delay.isZero())) {
			throw new IllegalArgumentException("The hedging delay must be positive, was " + delay);
		}
		if (!(percentile > 0 && percentile < 100)) {
			throw new IllegalArgumentException(
					"The hedging percentile must be above 0 and below 100, was " + percentile);
		}
		if (!(budgetPercent >= 0 && budgetPercent <= 100)) {
			throw new IllegalArgumentException(
					"The hedging budget must be between 0 and 100 percent, was " + budgetPercent);
		}
		return new Hedging(true, byDefault, delay, percentile, budgetPercent);
	}

	/**
	 * Whether the request is to be hedged.
	 * @param request the request
	 * @return its own choice, else the default
	 */
	boolean appliesTo(ChatRequest request) {
		Boolean own = request.hedging();
		return this.allowed && ((own != null) ? own : this.byDefault);
	}

	/**
	 * How long a first attempt on the provider may take before the hedge goes.
	 * @param latency the provider's recent latency
	 * @return the delay, or {@code null} when it cannot be told yet
	 */
	@Nullable Duration delayFor(LatencyStats latency) {
		return (this.delay != null) ? this.delay : latency.percentile(this.percentile);
	}

	/**
	 * The budget that caps hedges, with the counts of hedges sent, won and cancelled.
	 * @return the budget
	 */
	public HedgeBudget budget() {
		return this.budget;
	}

	@Override
	public String toString() {
		if (!this.allowed) {
			return "Hedging{off}";
		}
		return "Hedging{byDefault=" + this.byDefault + ", delay="
				+ ((this.delay != null) ? this.delay : "p" + this.percentile) + ", budgetPercent=" + this.budgetPercent
				+ "}";
	}

}
