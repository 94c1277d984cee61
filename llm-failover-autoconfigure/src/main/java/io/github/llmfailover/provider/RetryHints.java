package io.github.llmfailover.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Reads the retry hints providers send with an error: {@code retry-after-ms},
 * {@code retry-after} as seconds or as an HTTP date, and {@code x-should-retry}. Public
 * for clients outside this package that see a provider's headers (Spring AI models).
 */
public final class RetryHints {

	private RetryHints() {
	}

	/**
	 * How long the provider asked clients to wait.
	 * @param headers the headers of the error answer
	 * @param clock the clock an HTTP date is read against
	 * @return the wait, or {@code null} when the headers ask for none
	 */
	public static @Nullable Duration retryAfter(HttpHeaders headers, Clock clock) {
		Duration milliseconds = parseMillis(headers.getFirst("retry-after-ms"));
		return (milliseconds != null) ? milliseconds
				: parseRetryAfter(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
	}

	/**
	 * The provider's own verdict from {@code x-should-retry}.
	 * @param headers the headers of the error answer
	 * @return the verdict, or {@code null} when the header is absent or unreadable
	 */
	public static @Nullable Boolean shouldRetry(HttpHeaders headers) {
		String value = headers.getFirst("x-should-retry");
		if ("true".equalsIgnoreCase(value)) {
			return Boolean.TRUE;
		}
		return "false".equalsIgnoreCase(value) ? Boolean.FALSE : null;
	}

	private static @Nullable Duration parseMillis(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return positive(Duration.ofNanos((long) (Double.parseDouble(value.trim()) * 1_000_000)));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	static @Nullable Duration parseRetryAfter(@Nullable String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		try {
			return positive(Duration.ofMillis((long) (Double.parseDouble(trimmed) * 1000)));
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime date = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
				return positive(Duration.between(clock.instant(), date.toInstant()));
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	private static @Nullable Duration positive(Duration duration) {
		return (duration.isNegative() || duration.isZero()) ? null : duration;
	}

}
