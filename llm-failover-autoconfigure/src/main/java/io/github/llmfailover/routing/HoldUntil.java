package io.github.llmfailover.routing;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A time until which something keeps a provider out of rotation: a cooldown, or its rate
 * limit. It only moves later, because requests in flight that meet the same limit each
 * ask for a wait and the longest must win; and it tells when a move is news, so that a
 * storm of such answers is logged once rather than once per request.
 */
final class HoldUntil {

	/**
	 * How much longer a hold must get to be logged again: requests in flight that meet
	 * the same rate limit each extend it by the moments between their answers.
	 */
	private static final long LOGGED_GROWTH_MILLIS = 1000;

	private volatile long untilMillis;

	/**
	 * When the hold ends, in milliseconds; in the past (0 at first) when it does not
	 * hold.
	 * @return the end
	 */
	long untilMillis() {
		return this.untilMillis;
	}

	boolean holds(long nowMillis) {
		return this.untilMillis > nowMillis;
	}

	/**
	 * When the hold ends, for snapshots.
	 * @param nowMillis the current time
	 * @return the end, or {@code null} when it does not hold
	 */
	@Nullable Instant until(long nowMillis) {
		long until = this.untilMillis;
		return (until > nowMillis) ? Instant.ofEpochMilli(until) : null;
	}

	/**
	 * What is left of the hold, for messages.
	 * @param nowMillis the current time
	 * @return the whole seconds left, at least 1
	 */
	long secondsLeft(long nowMillis) {
		return Math.max(1, Duration.ofMillis(this.untilMillis - nowMillis).toSeconds());
	}

	/**
	 * Move the end later.
	 * @param untilMillis the new end
	 * @return the previous end, or -1 when it already ended then or later (nothing
	 * changed)
	 */
	synchronized long extend(long untilMillis) {
		long previous = this.untilMillis;
		if (untilMillis <= previous) {
			return -1;
		}
		this.untilMillis = untilMillis;
		return previous;
	}

	void clear() {
		this.untilMillis = 0;
	}

	/**
	 * Whether a move of the end is worth a log line: the hold starts, or grows by at
	 * least a second.
	 * @param previousMillis the end before the move, as {@link #extend} returned it
	 * @param untilMillis the end after it
	 * @param nowMillis the current time
	 * @return {@code true} if so
	 */
	static boolean isNews(long previousMillis, long untilMillis, long nowMillis) {
		return previousMillis <= nowMillis || untilMillis - previousMillis >= LOGGED_GROWTH_MILLIS;
	}

}
