package io.github.llmfailover.routing;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.LlmFailoverException;
import io.github.llmfailover.routing.FailoverObservations.ObservedAttempt;
import io.github.llmfailover.routing.FailureClassifier.Failure;

/**
 * What a request does after a failed attempt, by the {@link FailureClassifier}'s
 * disposition: stop with the provider's error, or fail over, with the provider skipped,
 * or counted as called so that a retry of it waits its backoff; and the cooldown a
 * provider asked for, never longer than the policy's cap. Apart from the client, so that
 * the rules that follow a failure are in one place, for the request's attempts and its
 * hedge alike.
 */
final class FailoverDecision {

	/** Logs under the client's category, as before this class was split from it. */
	private static final Log logger = LogFactory.getLog(DefaultFailoverChatClient.class);

	private final Duration maxCooldown;

	/**
	 * @param maxCooldown the longest cooldown a provider's {@code Retry-After} may ask
	 * for
	 */
	FailoverDecision(Duration maxCooldown) {
		this.maxCooldown = maxCooldown;
	}

	/**
	 * Record a failed attempt and decide what follows.
	 * @param state the request
	 * @param provider the provider of the attempt
	 * @param error why the attempt failed
	 * @param observed the attempt's observation
	 * @return the error that ends the request, or {@code null} to fail over
	 */
	@Nullable LlmFailoverException afterFailure(RequestState state, RoutedProvider provider, Throwable error,
			ObservedAttempt observed) {
		Failure failure = state.recordFailure(provider, error, observed);
		switch (failure.disposition()) {
			case STOP -> {
				return FailoverErrors.stopped(provider, failure, error, state);
			}
			case SKIP -> state.exclude(provider);
			case NEXT_ONLY -> {
				state.called(provider);
				state.exclude(provider);
			}
			case RETRY -> state.called(provider);
		}
		coolDownIfAsked(provider, failure);
		if (logger.isDebugEnabled()) {
			logger.debug("Attempt on LLM provider '" + provider.name() + "' failed (" + failure.outcome().tagValue()
					+ ", " + provider.settings().redact(failure.message()) + "); failing over");
		}
		return null;
	}

	/**
	 * Record a failed hedge: it does not fail over, but its provider still cools down
	 * when it asks to.
	 * @param state the request
	 * @param provider the provider of the hedge
	 * @param error why the hedge failed
	 * @param observed the hedge's observation
	 */
	void afterHedgeFailure(RequestState state, RoutedProvider provider, Throwable error, ObservedAttempt observed) {
		coolDownIfAsked(provider, state.recordFailure(provider, error, observed));
	}

	private void coolDownIfAsked(RoutedProvider provider, Failure failure) {
		Duration cooldown = failure.cooldown();
		if (cooldown != null) {
			provider.cooldown().coolDown((cooldown.compareTo(this.maxCooldown) <= 0) ? cooldown : this.maxCooldown);
		}
	}

}
