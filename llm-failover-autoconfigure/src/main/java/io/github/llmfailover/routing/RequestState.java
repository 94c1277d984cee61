package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.observation.ChatObservationContext;
import io.github.llmfailover.routing.FailoverObservations.ObservedAttempt;
import io.github.llmfailover.routing.FailureClassifier.Disposition;
import io.github.llmfailover.routing.FailureClassifier.Failure;

/**
 * What one request has done so far: its attempts, which providers it called or must skip,
 * the retry tokens it holds, and its deadline. The deadline timer may read it from
 * another thread, hence the locking.
 */
final class RequestState {

	private final long deadlineNanos;

	private final List<Attempt> attempts = new ArrayList<>(2);

	private final int[] callsPerProvider;

	private long called;

	private long excluded;

	private int calls;

	private final Observation observation;

	private final RetryBudget retryBudget;

	private int retryTokens;

	private boolean retryPending;

	/** Whether the first attempt is still to be hedged. */
	private boolean hedgePending;

	private @Nullable Duration hedgeDelay;

	private final double @Nullable [] ranks;

	RequestState(int providerCount, long nowNanos, long timeoutNanos, Observation observation, RetryBudget retryBudget,
			double @Nullable [] ranks) {
		this.callsPerProvider = new int[providerCount];
		this.deadlineNanos = nowNanos + timeoutNanos;
		this.observation = observation;
		this.retryBudget = retryBudget;
		this.ranks = ranks;
	}

	/**
	 * How the tier routing ranked the providers for this request.
	 * @return the rank of each provider by index, or {@code null} when weights alone
	 * decide
	 */
	double @Nullable [] ranks() {
		return this.ranks;
	}

	Observation observation() {
		return this.observation;
	}

	long remainingNanos(long nowNanos) {
		return this.deadlineNanos - nowNanos;
	}

	synchronized void record(Attempt attempt) {
		this.attempts.add(attempt);
	}

	synchronized List<Attempt> attempts() {
		return List.copyOf(this.attempts);
	}

	synchronized void called(RoutedProvider provider) {
		this.called |= 1L << provider.index();
		this.callsPerProvider[provider.index()]++;
		this.calls++;
	}

	synchronized void exclude(RoutedProvider provider) {
		this.excluded |= 1L << provider.index();
	}

	synchronized void excludeAll(long providers) {
		this.excluded |= providers;
	}

	synchronized long calledMask() {
		return this.called;
	}

	synchronized long excludedMask() {
		return this.excluded;
	}

	/**
	 * How many times this request already called the provider.
	 * @param provider the provider
	 * @return the count
	 */
	synchronized int callsTo(RoutedProvider provider) {
		return this.callsPerProvider[provider.index()];
	}

	/**
	 * Hedge this request's first attempt.
	 * @param delay the request's own delay before the hedge, or {@code null} for the
	 * configured one
	 */
	synchronized void hedgeFirstAttempt(@Nullable Duration delay) {
		this.hedgePending = true;
		this.hedgeDelay = delay;
	}

	/**
	 * The request's own delay before its hedge.
	 * @return the delay, or {@code null} for the configured one
	 */
	synchronized @Nullable Duration hedgeDelay() {
		return this.hedgeDelay;
	}

	/**
	 * Whether the attempt about to start is to be hedged: the first attempt of a hedged
	 * request, once.
	 * @return {@code true} for that attempt
	 */
	synchronized boolean takeHedge() {
		boolean take = this.hedgePending && this.calls == 0;
		this.hedgePending = false;
		return take;
	}

	synchronized int calls() {
		return this.calls;
	}

	/**
	 * Take a retry token for the next attempt, unless it is the request's first call.
	 * @return whether the attempt may go ahead
	 */
	synchronized boolean mayCallAgain() {
		if (this.calls == 0) {
			return true;
		}
		if (!this.retryBudget.tryWithdraw()) {
			return false;
		}
		this.retryTokens++;
		this.retryPending = true;
		return true;
	}

	/**
	 * The attempt did not reach the provider (its budget or rate limit refused it): give
	 * back the retry token taken for it.
	 */
	void notCalled() {
		settleRetry(false, false);
	}

	/**
	 * Settle the token of the attempt that just ended: an attempt that never reached the
	 * provider gives it back at once, a served request gives back all it took.
	 */
	private synchronized void settleRetry(boolean served, boolean reachedProvider) {
		if (this.retryPending && !reachedProvider) {
			this.retryTokens--;
			this.retryBudget.refund(1);
		}
		this.retryPending = false;
		if (served && this.retryTokens > 0) {
			this.retryBudget.refund(this.retryTokens);
			this.retryTokens = 0;
		}
	}

	/**
	 * Record a successful attempt, end its observation, and tell the request's
	 * observation which provider served.
	 * @param provider the provider that served
	 * @param observed the attempt's observation
	 */
	void recordSuccess(RoutedProvider provider, ObservedAttempt observed) {
		Duration duration = observed.finish(AttemptOutcome.SUCCESS, 200, null);
		if (this.observation.getContext() instanceof ChatObservationContext context) {
			// What the request's handlers need to know of the provider, so that they
			// never look it up in routing.
			context.setProviderType(provider.settings().type());
			context.setModel(provider.settings().model());
		}
		called(provider);
		settleRetry(true, true);
		record(new Attempt(provider.name(), AttemptOutcome.SUCCESS, 200, duration, null));
	}

	/**
	 * Classify a failed attempt, end its observation, and record it on the request and,
	 * if the provider is to blame, on the provider.
	 * @param provider the provider that failed
	 * @param error what went wrong
	 * @param observed the attempt's observation
	 * @return what the failure means
	 */
	Failure recordFailure(RoutedProvider provider, Throwable error, ObservedAttempt observed) {
		Failure failure = FailureClassifier.classify(error);
		settleRetry(false, failure.disposition() != Disposition.SKIP);
		Duration duration = observed.finish(failure.outcome(), failure.status(), error);
		String message = provider.settings().redact(failure.message());
		record(new Attempt(provider.name(), failure.outcome(), failure.status(), duration, message));
		if (failure.outcome().isProviderFailure()) {
			provider.recordError(failure.outcome(), failure.status(), message);
		}
		return failure;
	}

}
