package io.github.llmfailover.autoconfigure;

import java.time.Duration;

/**
 * Retry budget: over a sliding window, the calls of requests after their first attempt
 * (retries and failovers) may add at most a share of the requests plus a minimum rate.
 * Retries of requests that are served in the end give their tokens back.
 */
public class RetryBudgetProperties {

	/**
	 * Whether to limit retries and failovers by the budget. When false, every request may
	 * make max-attempts calls.
	 */
	private boolean enabled = true;

	/**
	 * Share of the request rate, in percent, that retries and failovers may add.
	 */
	private double percent = 20;

	/**
	 * Retries allowed per second whatever the request rate, so that an instance with
	 * little traffic can still fail over.
	 */
	private int minRetriesPerSecond = 10;

	/**
	 * How long requests and retries count towards the budget.
	 */
	private Duration window = Duration.ofSeconds(10);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public double getPercent() {
		return this.percent;
	}

	public void setPercent(double percent) {
		this.percent = percent;
	}

	public int getMinRetriesPerSecond() {
		return this.minRetriesPerSecond;
	}

	public void setMinRetriesPerSecond(int minRetriesPerSecond) {
		this.minRetriesPerSecond = minRetriesPerSecond;
	}

	public Duration getWindow() {
		return this.window;
	}

	public void setWindow(Duration window) {
		this.window = window;
	}

}
