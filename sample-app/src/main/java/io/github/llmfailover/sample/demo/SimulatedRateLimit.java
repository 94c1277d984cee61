package io.github.llmfailover.sample.demo;

/**
 * The rate limit a simulated provider announces in its answers' headers, as the real APIs
 * do: requests and tokens per minute, counted in fixed one-minute windows. The budgets
 * are those of a high usage tier, so that demo traffic, the soak test and the warm-up
 * never reach them: the headers are there to be read (the actuator shows them per
 * provider), not to limit. A {@code rate-limited} fault is how the demo shows a 429.
 */
final class SimulatedRateLimit {

	static final long WINDOW_MILLIS = 60_000;

	private final long requestLimit;

	private final long tokenLimit;

	private long windowEndMillis;

	private long requests;

	private long tokens;

	/**
	 * @param requestLimit requests per minute
	 * @param tokenLimit tokens per minute
	 */
	SimulatedRateLimit(long requestLimit, long tokenLimit) {
		this.requestLimit = requestLimit;
		this.tokenLimit = tokenLimit;
	}

	/**
	 * Count an answer against the current window.
	 * @param tokens its input and output tokens
	 * @param nowMillis the current time
	 * @return what is left of the window after it
	 */
	synchronized Budget spend(long tokens, long nowMillis) {
		if (nowMillis >= this.windowEndMillis) {
			this.windowEndMillis = nowMillis - (nowMillis % WINDOW_MILLIS) + WINDOW_MILLIS;
			this.requests = 0;
			this.tokens = 0;
		}
		this.requests++;
		this.tokens += tokens;
		return new Budget(this.requestLimit, Math.max(0, this.requestLimit - this.requests), this.tokenLimit,
				Math.max(0, this.tokenLimit - this.tokens), this.windowEndMillis, this.windowEndMillis - nowMillis);
	}

	/**
	 * What is left of a window.
	 *
	 * @param requestLimit requests per window
	 * @param requestsRemaining requests left
	 * @param tokenLimit tokens per window
	 * @param tokensRemaining tokens left
	 * @param resetAtMillis when the window ends (epoch milliseconds)
	 * @param resetInMillis how long until then
	 */
	record Budget(long requestLimit, long requestsRemaining, long tokenLimit, long tokensRemaining, long resetAtMillis,
			long resetInMillis) {
	}

}
