package io.github.llmfailover.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RetryHints}.
 */
class RetryHintsTests {

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

	private Duration retryAfter(String... headers) {
		HttpHeaders values = new HttpHeaders();
		for (int i = 0; i < headers.length; i += 2) {
			values.add(headers[i], headers[i + 1]);
		}
		return RetryHints.retryAfter(values, this.clock);
	}

	@Test
	void secondsDecimalsAndDates() {
		assertThat(retryAfter("retry-after", "20")).isEqualTo(Duration.ofSeconds(20));
		assertThat(retryAfter("retry-after", "1.5")).isEqualTo(Duration.ofMillis(1500));
		assertThat(retryAfter("retry-after", "Wed, 25 Nov 2026 10:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void millisecondsWinOverSeconds() {
		assertThat(retryAfter("retry-after-ms", "250", "retry-after", "1")).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void pastNegativeZeroAndGarbageMeanNoHint() {
		assertThat(retryAfter("retry-after", "Wed, 25 Nov 2026 09:59:00 GMT")).isNull();
		assertThat(retryAfter("retry-after", "-5")).isNull();
		assertThat(retryAfter("retry-after", "0")).isNull();
		assertThat(retryAfter("retry-after", "soon")).isNull();
		assertThat(retryAfter("retry-after-ms", "abc")).isNull();
		assertThat(retryAfter()).isNull();
	}

	@Test
	void shouldRetryIsTrueFalseOrUnsaid() {
		HttpHeaders headers = new HttpHeaders();
		assertThat(RetryHints.shouldRetry(headers)).isNull();
		headers.set("x-should-retry", "TRUE");
		assertThat(RetryHints.shouldRetry(headers)).isTrue();
		headers.set("x-should-retry", "false");
		assertThat(RetryHints.shouldRetry(headers)).isFalse();
		headers.set("x-should-retry", "maybe");
		assertThat(RetryHints.shouldRetry(headers)).isNull();
	}

}
