package io.github.llmfailover.autoconfigure;

import java.time.Duration;

/**
 * Exponential backoff with full jitter.
 */
public class BackoffProperties {

	/**
	 * Ceiling of the first delay.
	 */
	private Duration initial = Duration.ofMillis(200);

	/**
	 * Growth of the ceiling for each further retry of the same provider.
	 */
	private double multiplier = 2.0;

	/**
	 * Cap of the ceiling.
	 */
	private Duration max = Duration.ofSeconds(5);

	public Duration getInitial() {
		return this.initial;
	}

	public void setInitial(Duration initial) {
		this.initial = initial;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public Duration getMax() {
		return this.max;
	}

	public void setMax(Duration max) {
		this.max = max;
	}

}
