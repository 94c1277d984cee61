package io.github.llmfailover.provider.openai;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

import io.github.llmfailover.provider.RateLimitStatus;

/**
 * OpenAI's rate-limit headers, which compatible APIs (Groq, Together, vLLM behind a
 * proxy...) send too: {@code x-ratelimit-remaining-requests} and
 * {@code x-ratelimit-remaining-tokens}, with {@code x-ratelimit-reset-requests} and
 * {@code x-ratelimit-reset-tokens} as durations in Go's notation ({@code 6m0s},
 * {@code 1s}, {@code 20ms}, {@code 1h2m3.5s}).
 */
final class OpenAiRateLimitHeaders {

	private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");

	private OpenAiRateLimitHeaders() {
	}

	static @Nullable RateLimitStatus read(HttpHeaders headers) {
		RateLimitStatus status = new RateLimitStatus(
				RateLimitStatus.count(headers.getFirst("x-ratelimit-remaining-requests")),
				duration(headers.getFirst("x-ratelimit-reset-requests")),
				RateLimitStatus.count(headers.getFirst("x-ratelimit-remaining-tokens")),
				duration(headers.getFirst("x-ratelimit-reset-tokens")));
		return status.isKnown() ? status : null;
	}

	/**
	 * A duration such as {@code 6m0s} or {@code 20ms}; a bare number counts seconds.
	 * @param value the header's value
	 * @return the duration, or {@code null} when missing or not a duration
	 */
	static @Nullable Duration duration(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		try {
			return Duration.ofNanos((long) (Double.parseDouble(text) * 1e9));
		}
		catch (NumberFormatException notSeconds) {
			// Go's notation, below.
		}
		Matcher matcher = PART.matcher(text);
		double nanos = 0;
		int end = 0;
		while (matcher.find() && matcher.start() == end) {
			nanos += Double.parseDouble(matcher.group(1)) * nanosPer(matcher.group(2));
			end = matcher.end();
		}
		return (end == text.length()) ? Duration.ofNanos((long) nanos) : null;
	}

	private static double nanosPer(String unit) {
		return switch (unit) {
			case "h" -> 3600e9;
			case "m" -> 60e9;
			case "s" -> 1e9;
			case "ms" -> 1e6;
			case "us", "µs" -> 1e3;
			default -> 1;
		};
	}

}
