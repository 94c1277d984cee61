package io.github.llmfailover.autoconfigure;

import java.time.Duration;

/**
 * Routing on rate-limit headers: OpenAI's x-ratelimit-remaining-* and
 * x-ratelimit-reset-*, Anthropic's anthropic-ratelimit-*-remaining and -reset. When what
 * a provider has left, less the calls in flight to it, falls to the reserve, it leaves
 * rotation until the announced reset, before it answers 429.
 */
public class RateLimitHeadersProperties {

	/**
	 * Whether to take a provider out of rotation when its rate-limit headers say its
	 * budget is spent. Providers that send no such headers are not affected.
	 */
	private boolean enabled = true;

	/**
	 * Requests to leave unused in each window, for other clients of the same API key.
	 */
	private long reserveRequests = 0;

	/**
	 * Tokens to leave unused in each window, for other clients of the same API key.
	 */
	private long reserveTokens = 0;

	/**
	 * Longest time a provider is kept out of rotation on its headers' word, whatever
	 * reset they announce.
	 */
	private Duration maxHold = Duration.ofSeconds(60);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public long getReserveRequests() {
		return this.reserveRequests;
	}

	public void setReserveRequests(long reserveRequests) {
		this.reserveRequests = reserveRequests;
	}

	public long getReserveTokens() {
		return this.reserveTokens;
	}

	public void setReserveTokens(long reserveTokens) {
		this.reserveTokens = reserveTokens;
	}

	public Duration getMaxHold() {
		return this.maxHold;
	}

	public void setMaxHold(Duration maxHold) {
		this.maxHold = maxHold;
	}

}
