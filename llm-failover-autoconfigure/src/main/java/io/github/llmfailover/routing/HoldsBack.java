package io.github.llmfailover.routing;

import org.jspecify.annotations.Nullable;

/**
 * Something that may keep a provider out of rotation for a while and lets it back by
 * itself at a known time: a {@code Retry-After} cooldown, its rate limit, its budget.
 * {@link Availability} asks each the same two questions, so that a new kind of hold is
 * one more of these rather than another branch in each of its answers.
 */
interface HoldsBack {

	/**
	 * Until when the provider is held back, in milliseconds; in the past (0 at first)
	 * when it is not.
	 * @return the end of the hold
	 */
	long heldBackUntilMillis();

	/**
	 * Why the provider is held back, for error messages.
	 * @param nowMillis the current time
	 * @return a short reason naming the provider, or {@code null} when it is not held
	 * back
	 */
	@Nullable String unavailableReason(long nowMillis);

}
