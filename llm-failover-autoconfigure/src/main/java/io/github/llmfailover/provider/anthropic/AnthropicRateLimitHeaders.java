package io.github.llmfailover.provider.anthropic;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

import io.github.llmfailover.provider.RateLimitStatus;

/**
 * Anthropic's rate-limit headers: {@code anthropic-ratelimit-requests-remaining} and
 * {@code anthropic-ratelimit-tokens-remaining} (the most restrictive of the input and
 * output token limits), each with its {@code -reset} as an RFC 3339 time.
 */
final class AnthropicRateLimitHeaders {

	private static final String PREFIX = "anthropic-ratelimit-";

	private AnthropicRateLimitHeaders() {
	}

	static @Nullable RateLimitStatus read(HttpHeaders headers, Clock clock) {
		RateLimitStatus status = new RateLimitStatus(
				RateLimitStatus.count(headers.getFirst(PREFIX + "requests-remaining")),
				resetIn(headers.getFirst(PREFIX + "requests-reset"), clock),
				RateLimitStatus.count(headers.getFirst(PREFIX + "tokens-remaining")),
				resetIn(headers.getFirst(PREFIX + "tokens-reset"), clock));
		return status.isKnown() ? status : null;
	}

	/**
	 * The time until an RFC 3339 time such as {@code 2026-11-30T06:40:00Z}.
	 * @param value the header's value
	 * @param clock the clock that says what time it is
	 * @return the duration, zero when the time has passed, {@code null} when missing or
	 * not a time
	 */
	static @Nullable Duration resetIn(@Nullable String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			Duration left = Duration.between(clock.instant(), OffsetDateTime.parse(value.trim()).toInstant());
			return left.isNegative() ? Duration.ZERO : left;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
