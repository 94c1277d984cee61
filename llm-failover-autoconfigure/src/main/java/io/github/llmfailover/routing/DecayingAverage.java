package io.github.llmfailover.routing;

/**
 * A mean whose observations lose weight with time: each counts half as much after every
 * half-life, on the routing clock. Observations arriving in the same millisecond count
 * alike, so a burst moves it as much as the same observations spread out would; after a
 * long silence, the next observation all but replaces what came before.
 */
final class DecayingAverage {

	private final double halfLifeMillis;

	/** The decayed sum of the observations. */
	private double sum;

	/** The decayed count of the observations. */
	private double weight;

	/** How many observations there were, not decayed, up to {@link Integer#MAX_VALUE}. */
	private int count;

	private long lastMillis;

	/**
	 * @param halfLifeMillis how long until an observation counts half, positive
	 */
	DecayingAverage(long halfLifeMillis) {
		if (halfLifeMillis <= 0) {
			throw new IllegalArgumentException("The half-life must be positive, was " + halfLifeMillis + " ms");
		}
		this.halfLifeMillis = halfLifeMillis;
	}

	/**
	 * Add an observation.
	 * @param value the observed value
	 * @param nowMillis the current time on the routing clock
	 */
	synchronized void add(double value, long nowMillis) {
		if (this.count > 0 && nowMillis > this.lastMillis) {
			double decay = Math.pow(0.5, (nowMillis - this.lastMillis) / this.halfLifeMillis);
			this.sum *= decay;
			this.weight *= decay;
		}
		this.lastMillis = Math.max(this.lastMillis, nowMillis);
		this.sum += value;
		this.weight += 1;
		if (this.count < Integer.MAX_VALUE) {
			this.count++;
		}
	}

	/**
	 * The mean now. Decay does not change it between observations, only how much the next
	 * one moves it.
	 * @return the mean, or {@link Double#NaN} before the first observation
	 */
	synchronized double value() {
		return (this.count > 0) ? this.sum / this.weight : Double.NaN;
	}

	/**
	 * How many observations there were in all.
	 * @return the count
	 */
	synchronized int count() {
		return this.count;
	}

}
