package io.github.llmfailover.provider;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a provider's response headers said of its rate limit when it answered: how many
 * requests and tokens are left in the current window, and how long until each window
 * resets. A value the headers did not carry is {@code null}.
 *
 * @param remainingRequests requests left, or {@code null}
 * @param requestsResetIn how long until the request budget resets, or {@code null}
 * @param remainingTokens tokens left, or {@code null}
 * @param tokensResetIn how long until the token budget resets, or {@code null}
 */
public record RateLimitStatus(@Nullable Long remainingRequests, @Nullable Duration requestsResetIn,
		@Nullable Long remainingTokens, @Nullable Duration tokensResetIn) {

	/**
	 * Whether the headers said anything at all.
	 * @return {@code true} when at least one value is known
	 */
	public boolean isKnown() {
		return this.remainingRequests != null || this.remainingTokens != null;
	}

	/**
	 * A whole number in a header, or {@code null} when missing or not a number.
	 * @param value the header's value
	 * @return the number
	 */
	public static @Nullable Long count(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			long count = Long.parseLong(value.trim());
			return (count >= 0) ? count : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
