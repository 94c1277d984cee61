package io.github.llmfailover.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Hedged requests: when a request's first attempt has not answered (a stream: sent its
 * first token) after a delay, the same request goes to another provider in rotation; the
 * first answer wins and the other call is cancelled.
 */
public class HedgingProperties {

	/**
	 * Whether requests are hedged unless they say otherwise
	 * (ChatRequest.builder().hedging(false)). When false, only requests that ask
	 * (hedging(true)) are.
	 */
	private boolean enabled = false;

	/**
	 * How long the first attempt may take before the hedge goes. When not set, the
	 * percentile below of the first provider's recent latency (whole answers, or a
	 * stream's first token); a provider with fewer than 20 recent answers is then not
	 * hedged.
	 */
	private @Nullable Duration delay;

	/**
	 * Percentile of the first provider's recent latency to wait for, when no fixed delay
	 * is set. Above 0 and below 100.
	 */
	private double percentile = 95;

	/**
	 * Hedges allowed, in percent of the hedged requests (a token bucket holding up to 10
	 * hedges for bursts). Between 0 and 100.
	 */
	private double budgetPercent = 10;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Duration getDelay() {
		return this.delay;
	}

	public void setDelay(@Nullable Duration delay) {
		this.delay = delay;
	}

	public double getPercentile() {
		return this.percentile;
	}

	public void setPercentile(double percentile) {
		this.percentile = percentile;
	}

	public double getBudgetPercent() {
		return this.budgetPercent;
	}

	public void setBudgetPercent(double budgetPercent) {
		this.budgetPercent = budgetPercent;
	}

}
