package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;

/**
 * How many retries and failovers requests may make on top of their first attempt, so that
 * an outage is never multiplied into a storm of calls that cannot succeed. Every request
 * deposits into the budget, every call after a request's first takes a token out of it,
 * and a request that is served in the end gives its tokens back: what the budget bounds
 * is the extra load of requests that fail anyway. A request that finds the budget empty
 * makes no further call and fails with the error it has.
 *
 * <p>
 * A budget is per instance and shared by all requests of one client; implementations are
 * thread-safe.
 */
public interface RetryBudget {

	/**
	 * A request arrived.
	 */
	void deposit();

	/**
	 * Take a token for a call after a request's first.
	 * @return whether the call may go ahead
	 */
	boolean tryWithdraw();

	/**
	 * Give back tokens: the request they were taken for was served, or the call never
	 * reached a provider.
	 * @param tokens how many
	 */
	void refund(int tokens);

	/**
	 * How many retries the budget would allow now.
	 * @return the count, or {@link Long#MAX_VALUE} when it is unlimited
	 */
	long available();

	/**
	 * How many retries the budget refused since the application started.
	 * @return the count
	 */
	long rejected();

	/**
	 * A budget that never refuses: every request may make all its attempts.
	 * @return the budget
	 */
	static RetryBudget unlimited() {
		return UnlimitedRetryBudget.INSTANCE;
	}

	/**
	 * A budget in the manner of Finagle's: over a sliding window, retries may add
	 * {@code percent} of the requests, plus {@code minRetriesPerSecond} so that a quiet
	 * instance can still retry.
	 * @param percent the share of the request rate retries may add, in percent
	 * @param minRetriesPerSecond retries allowed whatever the request rate
	 * @param window how long deposits and withdrawals count
	 * @param clock the time source
	 * @return the budget
	 */
	static RetryBudget of(double percent, int minRetriesPerSecond, Duration window, Clock clock) {
		return new WindowedRetryBudget(percent, minRetriesPerSecond, window, clock);
	}

}
