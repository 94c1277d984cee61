package io.github.llmfailover.routing;

import java.time.Duration;

/**
 * How hard a request tries: attempts, deadlines, backoff and the longest cooldown a
 * provider's {@code Retry-After} may impose.
 *
 * @param maxAttempts calls per request, all providers together
 * @param timeout the deadline of a whole request
 * @param attemptTimeout the limit of one attempt (for a stream, the wait for its first
 * token)
 * @param backoff the delay before calling a provider this request already tried
 * @param maxCooldown the longest a {@code Retry-After} takes a provider out of rotation
 */
public record FailoverPolicy(int maxAttempts, Duration timeout, Duration attemptTimeout, Backoff backoff,
		Duration maxCooldown) {

	/**
	 * Exponential backoff with full jitter: before the n-th retry of the same provider,
	 * wait a random time between 0 and {@code min(max, initial * multiplier^(n-1))}.
	 *
	 * @param initial the ceiling of the first delay
	 * @param multiplier the growth of the ceiling per retry
	 * @param max the cap of the ceiling
	 */
	public record Backoff(Duration initial, double multiplier, Duration max) {

		/**
		 * The delay ceiling before a retry.
		 * @param retry which retry of the same provider, from 1
		 * @return the ceiling; the actual delay is drawn below it
		 */
		Duration ceiling(int retry) {
			double millis = this.initial.toMillis() * Math.pow(this.multiplier, Math.max(0, retry - 1));
			return Duration.ofMillis((long) Math.min(millis, this.max.toMillis()));
		}

	}

}
