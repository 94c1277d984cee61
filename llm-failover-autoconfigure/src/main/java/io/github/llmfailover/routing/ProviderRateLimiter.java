package io.github.llmfailover.routing;

import reactor.core.publisher.Mono;

/**
 * Counts what each provider is sent against its client-side limits
 * ({@code requests-per-minute}, {@code tokens-per-minute}), so that a provider at its
 * limit leaves rotation before it answers 429. The default counts on this instance
 * ({@link LocalProviderRateLimiter}); fleet mode counts across every instance.
 */
public interface ProviderRateLimiter {

	/**
	 * Whether the provider has a limit; providers without one are never asked about.
	 * @param provider the provider's name
	 * @return {@code true} when calls to it are counted
	 */
	boolean limits(String provider);

	/**
	 * Ask to send one request to the provider now, counting it when granted. Called on
	 * the request path: an implementation that counts elsewhere answers within a short
	 * time and never with an error, falling back to counting locally.
	 * @param provider the provider's name
	 * @return the decision
	 */
	Mono<Decision> acquire(String provider);

	/**
	 * Count the tokens of an answer the provider gave.
	 * @param provider the provider's name
	 * @param tokens the input and output tokens together
	 */
	void recordTokens(String provider, long tokens);

	/**
	 * Whether a request may go to the provider.
	 *
	 * @param granted {@code true} when it may, and was counted
	 * @param retryAtMillis when it is refused, the end of the window that is full (epoch
	 * milliseconds); 0 when granted
	 */
	record Decision(boolean granted, long retryAtMillis) {

		/** A granted request. */
		public static final Decision GRANTED = new Decision(true, 0);

		/**
		 * A refused request.
		 * @param retryAtMillis when the full window ends
		 * @return the decision
		 */
		public static Decision refusedUntil(long retryAtMillis) {
			return new Decision(false, retryAtMillis);
		}

	}

}
