package io.github.llmfailover.routing;

import java.time.Duration;

/**
 * Routing on the rate-limit headers providers send with their answers (OpenAI's
 * {@code x-ratelimit-*}, Anthropic's {@code anthropic-ratelimit-*}): when what is left of
 * a provider's requests or tokens, less what the calls still in flight to it will use,
 * falls to the reserve, the provider leaves rotation until the reset the headers
 * announced, before it answers 429. Providers that send no such headers are not affected.
 */
public final class HeaderRateLimits {

	private static final HeaderRateLimits OFF = new HeaderRateLimits(false, 0, 0, Duration.ZERO);

	private final boolean enabled;

	private final long reserveRequests;

	private final long reserveTokens;

	private final Duration maxHold;

	private HeaderRateLimits(boolean enabled, long reserveRequests, long reserveTokens, Duration maxHold) {
		this.enabled = enabled;
		this.reserveRequests = reserveRequests;
		this.reserveTokens = reserveTokens;
		this.maxHold = maxHold;
	}

	/**
	 * Ignore the headers: providers leave rotation on their 429 and its
	 * {@code Retry-After} only.
	 * @return the strategy
	 */
	public static HeaderRateLimits off() {
		return OFF;
	}

	/**
	 * Route on the headers.
	 * @param reserveRequests requests to leave unused in each window (for other clients
	 * of the same key); 0 spends them all
	 * @param reserveTokens tokens to leave unused in each window
	 * @param maxHold the longest a provider is kept out on the headers' word, whatever
	 * reset they announce
	 * @return the strategy
	 * @throws IllegalArgumentException if a reserve is negative or the hold not positive
	 */
	public static HeaderRateLimits of(long reserveRequests, long reserveTokens, Duration maxHold) {
		if (reserveRequests < 0 || reserveTokens < 0) {
			throw new IllegalArgumentException("Rate-limit reserves must not be negative, were " + reserveRequests
					+ " requests and " + reserveTokens + " tokens");
		}
		if (maxHold.isNegative() || maxHold.isZero()) {
			throw new IllegalArgumentException("The longest rate-limit hold must be positive, was " + maxHold);
		}
		return new HeaderRateLimits(true, reserveRequests, reserveTokens, maxHold);
	}

	boolean enabled() {
		return this.enabled;
	}

	long reserveRequests() {
		return this.reserveRequests;
	}

	long reserveTokens() {
		return this.reserveTokens;
	}

	long maxHoldMillis() {
		return this.maxHold.toMillis();
	}

	@Override
	public String toString() {
		return this.enabled ? "HeaderRateLimits{reserveRequests=" + this.reserveRequests + ", reserveTokens="
				+ this.reserveTokens + ", maxHold=" + this.maxHold + "}" : "HeaderRateLimits{off}";
	}

}
