package io.github.llmfailover.routing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A provider's rate-limit budget as its headers last said (OpenAI's
 * {@code x-ratelimit-*}, Anthropic's {@code anthropic-ratelimit-*}), and what routing
 * counts as left of it. A value the headers did not carry is {@code null}.
 *
 * @param remainingRequests the requests left in the window, as last read
 * @param requestsResetAt when the request window resets, as last read
 * @param remainingTokens the tokens left in the window, as last read
 * @param tokensResetAt when the token window resets, as last read
 * @param requestsLeft the requests left less the calls started since (or in flight then),
 * {@code null} once the window reset
 * @param tokensLeft the tokens left less what those calls are expected to use,
 * {@code null} once the window reset
 * @param inFlight the calls to the provider in flight now
 */
public record RateLimitHeaderBudget(@Nullable Long remainingRequests, @Nullable Instant requestsResetAt,
		@Nullable Long remainingTokens, @Nullable Instant tokensResetAt, @Nullable Long requestsLeft,
		@Nullable Long tokensLeft, int inFlight) {

}
