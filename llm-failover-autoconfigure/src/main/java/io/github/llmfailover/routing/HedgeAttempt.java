package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;

import io.github.llmfailover.routing.FailoverObservations.ObservedAttempt;

/**
 * The hedge of a request whose first attempt is slow: one attempt on another provider in
 * rotation (never past an open circuit, never one with a rate limit), if the hedge budget
 * allows, that does not fail over. Apart from the client, so that {@link Hedged}'s race
 * gets its second runner without a reference back to the client.
 */
final class HedgeAttempt {

	/** Logs under the client's category, as before this class was split from it. */
	private static final Log logger = LogFactory.getLog(DefaultFailoverChatClient.class);

	private final ProviderRegistry registry;

	private final Duration attemptTimeout;

	private final Clock clock;

	private final FailoverObservations observations;

	private final Hedging hedging;

	private final FailoverDecision failover;

	HedgeAttempt(ProviderRegistry registry, Duration attemptTimeout, Clock clock, FailoverObservations observations,
			Hedging hedging, FailoverDecision failover) {
		this.registry = registry;
		this.attemptTimeout = attemptTimeout;
		this.clock = clock;
		this.observations = observations;
		this.hedging = hedging;
		this.failover = failover;
	}

	/**
	 * When requests are hedged, and the budget of their hedges.
	 * @return the hedging
	 */
	Hedging hedging() {
		return this.hedging;
	}

	/**
	 * Send the hedge.
	 * @param call the call
	 * @param state the request
	 * @param first the provider of the first attempt
	 * @return the hedge's answer, or nothing when it is not sent or fails
	 */
	<T> Flux<T> hedge(AttemptCall<T> call, RequestState state, RoutedProvider first) {
		long remaining = state.remainingNanos(DefaultFailoverChatClient.nowNanos());
		long skip = state.excludedMask() | state.calledMask() | (1L << first.index());
		RoutedProvider provider = (remaining > 0) ? this.registry.select(this.clock.millis(), skip, skip) : null;
		if (provider == null || provider.rateLimits().hasLimiter() || !this.hedging.budget().tryWithdraw()) {
			return Flux.empty();
		}
		// The first attempt's failover goes elsewhere: this provider is being tried.
		state.exclude(provider);
		this.hedging.budget().sent();
		if (logger.isDebugEnabled()) {
			logger
				.debug("Hedging a slow request on LLM provider '" + first.name() + "' with '" + provider.name() + "'");
		}
		Duration timeout = Duration.ofNanos(Math.min(this.attemptTimeout.toNanos(), remaining));
		ObservedAttempt observed = this.observations.startAttempt(provider, state.observation());
		return observed.propagate(call.attempt(provider, false, timeout, observed, state, (error) -> {
			this.failover.afterHedgeFailure(state, provider, error, observed);
			return Flux.empty();
		}));
	}

}
