package io.github.llmfailover.routing;

/**
 * Which providers may serve anyway when no provider that could serve a request is in
 * rotation. Envoy calls this panic routing: when every provider is degraded, spreading
 * the load over them serves more than failing every request fast. The choice among the
 * admitted providers follows the usual tiers and weights, and their outcomes still feed
 * their circuit breakers.
 *
 * <p>
 * Choose one of the strategies here (by {@code llm.failover.panic.enabled}, or a bean of
 * this type); what takes a provider out of rotation is routing's own state, which is why
 * the strategies are routing's too.
 */
public abstract class PanicRouting {

	private static final PanicRouting OPEN_CIRCUITS = new PanicRouting("PanicRouting.openCircuits()") {

		@Override
		boolean admits(RoutedProvider provider, long nowMillis) {
			return provider.availability().isOutOnlyForOpenCircuit(nowMillis);
		}

	};

	private static final PanicRouting OFF = new PanicRouting("PanicRouting.off()") {

		@Override
		boolean admits(RoutedProvider provider, long nowMillis) {
			return false;
		}

	};

	private final String description;

	private PanicRouting(String description) {
		this.description = description;
	}

	/**
	 * Admit the providers that are out of rotation only because their circuit opened by
	 * itself: never one that is disabled, at weight 0, forced open, cooling down after a
	 * {@code Retry-After}, or held back by its rate limit.
	 * @return the strategy
	 */
	public static PanicRouting openCircuits() {
		return OPEN_CIRCUITS;
	}

	/**
	 * Admit none: when nothing is in rotation, requests fail fast.
	 * @return the strategy
	 */
	public static PanicRouting off() {
		return OFF;
	}

	/**
	 * Whether a provider that is out of rotation may serve a request for which no
	 * provider is in rotation.
	 * @param provider the provider
	 * @param nowMillis the current time
	 * @return {@code true} to let it serve
	 */
	abstract boolean admits(RoutedProvider provider, long nowMillis);

	@Override
	public String toString() {
		return this.description;
	}

}
