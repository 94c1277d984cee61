package io.github.llmfailover.provider;

/**
 * Hears the rate-limit state a provider announced in the headers of an answer, error or
 * not. Routing puts one in the Reactor context of each call, under {@link #CONTEXT_KEY};
 * clients that read rate-limit headers report there. Called on the I/O thread that read
 * the headers: an implementation must return at once.
 */
@FunctionalInterface
public interface RateLimitObserver {

	/**
	 * The key of the observer in a call's Reactor context.
	 */
	Class<RateLimitObserver> CONTEXT_KEY = RateLimitObserver.class;

	/**
	 * The provider answered with these rate-limit headers.
	 * @param status what the headers said
	 */
	void observe(RateLimitStatus status);

}
