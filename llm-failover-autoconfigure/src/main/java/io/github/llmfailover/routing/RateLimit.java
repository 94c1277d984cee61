package io.github.llmfailover.routing;

/**
 * A provider's client-side limits per minute; 0 means no limit of that kind.
 *
 * @param requestsPerMinute the requests it may be sent per minute
 * @param tokensPerMinute the tokens (input and output) its answers may count per minute
 */
public record RateLimit(long requestsPerMinute, long tokensPerMinute) {

	/** One minute, the window the limits are counted over. */
	public static final long WINDOW_MILLIS = 60_000;

	public RateLimit {
		if (requestsPerMinute < 0 || tokensPerMinute < 0) {
			throw new IllegalArgumentException("Rate limits must not be negative");
		}
	}

	/**
	 * Whether a window with the given counts is full.
	 * @param requests the requests counted in it
	 * @param tokens the tokens counted in it
	 * @return {@code true} when no further request may be sent in it
	 */
	public boolean isReached(long requests, long tokens) {
		return (this.requestsPerMinute > 0 && requests >= this.requestsPerMinute)
				|| (this.tokensPerMinute > 0 && tokens >= this.tokensPerMinute);
	}

	/**
	 * This limit shared by several instances counting alone: each keeps its part, rounded
	 * up so that none is left with nothing.
	 * @param instances how many instances share it
	 * @return the part of one instance
	 */
	public RateLimit dividedBy(int instances) {
		if (instances <= 1) {
			return this;
		}
		return new RateLimit(ceilDiv(this.requestsPerMinute, instances), ceilDiv(this.tokensPerMinute, instances));
	}

	private static long ceilDiv(long value, int divisor) {
		return (value + divisor - 1) / divisor;
	}

	/**
	 * The fixed one-minute window a time falls in.
	 * @param nowMillis the time, epoch milliseconds
	 * @return the window's number; windows start on the minute
	 */
	public static long window(long nowMillis) {
		return nowMillis / WINDOW_MILLIS;
	}

	/**
	 * When a window ends.
	 * @param window the window's number
	 * @return its end, epoch milliseconds
	 */
	public static long windowEnd(long window) {
		return (window + 1) * WINDOW_MILLIS;
	}

}
