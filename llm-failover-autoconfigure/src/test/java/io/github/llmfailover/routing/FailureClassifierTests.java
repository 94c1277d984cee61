package io.github.llmfailover.routing;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.routing.FailureClassifier.Disposition;
import io.github.llmfailover.routing.FailureClassifier.Failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The error rules of {@link FailureClassifier}, as the design states them: which failures
 * fail over (and whether the same provider may be called again), which end the request,
 * which count against the provider's circuit, and which {@code Retry-After} puts it in a
 * cooldown.
 */
class FailureClassifierTests {

	private static final Duration RETRY_AFTER = Duration.ofSeconds(12);

	@ParameterizedTest
	@ValueSource(ints = { 400, 413, 422 })
	void badRequestEndsTheRequestWithoutChargingTheProvider(int status) {
		Failure failure = FailureClassifier.classify(status(status, null, null));
		assertFailure(failure, AttemptOutcome.CLIENT_ERROR, Disposition.STOP);
		assertThat(failure.status()).isEqualTo(status);
		assertThat(failure.message()).isEqualTo("provider says " + status);
		assertThat(FailureClassifier.isProviderFailure(status(status, null, null))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 401, 402, 403, 404 })
	void misconfiguredOrUnpaidProviderFailsOverForGoodAndCounts(int status) {
		assertFailure(FailureClassifier.classify(status(status, null, null)), AttemptOutcome.PROVIDER_ERROR,
				Disposition.NEXT_ONLY);
		assertThat(FailureClassifier.isProviderFailure(status(status, null, null))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 408, 409, 500, 502, 503, 504, 529 })
	void serverErrorFailsOverAndMayBeRetriedAfterItsBackoff(int status) {
		assertFailure(FailureClassifier.classify(status(status, null, null)), AttemptOutcome.SERVER_ERROR,
				Disposition.RETRY);
		assertThat(FailureClassifier.isProviderFailure(status(status, null, null))).isTrue();
	}

	@Test
	void rateLimitFailsOverAndMayBeRetried() {
		assertFailure(FailureClassifier.classify(status(429, null, null)), AttemptOutcome.RATE_LIMITED,
				Disposition.RETRY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "insufficient_quota", "billing_error" })
	void rateLimitThatMeansBillingIsNeverRetriedInTheRequest(String code) {
		ProviderException quota = ProviderException.errorStatus("p", 429, "no credit", code, RETRY_AFTER, null);
		assertFailure(FailureClassifier.classify(quota), AttemptOutcome.RATE_LIMITED, Disposition.NEXT_ONLY);
		// Waiting does not bring credit back: the circuit hears it, not a cooldown.
		assertThat(FailureClassifier.isHandledByCooldown(quota)).isFalse();
	}

	@Test
	void shouldRetryHeaderOverridesTheStatusBothWays() {
		assertFailure(FailureClassifier.classify(status(400, null, true)), AttemptOutcome.SERVER_ERROR,
				Disposition.RETRY);
		assertFailure(FailureClassifier.classify(status(403, null, true)), AttemptOutcome.SERVER_ERROR,
				Disposition.RETRY);
		assertFailure(FailureClassifier.classify(status(500, null, false)), AttemptOutcome.SERVER_ERROR,
				Disposition.NEXT_ONLY);
		assertFailure(FailureClassifier.classify(status(400, null, false)), AttemptOutcome.CLIENT_ERROR,
				Disposition.STOP);
	}

	@ParameterizedTest
	@ValueSource(ints = { 429, 503, 529 })
	void retryAfterOfARateLimitOrOverloadCoolsTheProviderDownInsteadOfChargingItsCircuit(int status) {
		ProviderException error = status(status, RETRY_AFTER, null);
		assertThat(FailureClassifier.classify(error).cooldown()).isEqualTo(RETRY_AFTER);
		assertThat(FailureClassifier.isHandledByCooldown(error)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 504, 400 })
	void retryAfterOfAnyOtherStatusIsIgnored(int status) {
		ProviderException error = status(status, RETRY_AFTER, null);
		assertThat(FailureClassifier.classify(error).cooldown()).isNull();
		assertThat(FailureClassifier.isHandledByCooldown(error)).isFalse();
	}

	@Test
	void rateLimitWithoutAHintIsLeftToTheCircuit() {
		assertThat(FailureClassifier.classify(status(429, null, null)).cooldown()).isNull();
		assertThat(FailureClassifier.isHandledByCooldown(status(429, null, null))).isFalse();
	}

	@Test
	void unreadableAnswerOrErrorEventInAStreamFailsOverAndCounts() {
		ProviderException malformed = ProviderException.malformed("p", 200, "no choices", null);
		assertFailure(FailureClassifier.classify(malformed), AttemptOutcome.BAD_RESPONSE, Disposition.RETRY);
		assertThat(FailureClassifier.classify(malformed).status()).isEqualTo(200);
		ProviderException streamError = ProviderException.streamError("p", "overloaded", "overloaded_error");
		Failure failure = FailureClassifier.classify(streamError);
		assertFailure(failure, AttemptOutcome.BAD_RESPONSE, Disposition.RETRY);
		assertThat(failure.message()).isEqualTo("error event in stream: overloaded");
		assertThat(FailureClassifier.isProviderFailure(streamError)).isTrue();
	}

	@Test
	void answerOverTheSizeLimitEndsTheRequestWithoutChargingTheProvider() {
		ProviderException tooLarge = ProviderException.responseTooLarge("p", 200, DataSize.ofKilobytes(1), null);
		assertFailure(FailureClassifier.classify(tooLarge), AttemptOutcome.RESPONSE_TOO_LARGE, Disposition.STOP);
		assertThat(FailureClassifier.isProviderFailure(tooLarge)).isFalse();
	}

	@Test
	void callsThatNeverReachedTheProviderAreSkippedWithoutCounting() {
		Throwable circuitOpen = CallNotPermittedException
			.createCallNotPermittedException(CircuitBreaker.ofDefaults("p"));
		Throwable saturated = BulkheadFullException.createBulkheadFullException(Bulkhead.ofDefaults("p"));
		assertFailure(FailureClassifier.classify(circuitOpen), AttemptOutcome.CIRCUIT_OPEN, Disposition.SKIP);
		assertFailure(FailureClassifier.classify(saturated), AttemptOutcome.SATURATED, Disposition.SKIP);
		assertFailure(FailureClassifier.classify(CoolingDownException.INSTANCE), AttemptOutcome.COOLING_DOWN,
				Disposition.SKIP);
		assertThat(FailureClassifier.isProviderFailure(circuitOpen)).isFalse();
		assertThat(FailureClassifier.isProviderFailure(saturated)).isFalse();
	}

	@Test
	void timeoutFailsOverAndMayBeRetried() {
		Failure failure = FailureClassifier.classify(new TimeoutException("Did not observe any item"));
		assertFailure(failure, AttemptOutcome.TIMEOUT, Disposition.RETRY);
		assertThat(failure.message()).isEqualTo("no answer in time");
	}

	@Test
	void refusedConnectionFailsOverAndNamesItsRootCause() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Throwable refused = catchThrowable(() -> WebClient.create("http://127.0.0.1:" + closedPort)
			.get()
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(10)));
		Failure failure = FailureClassifier.classify(refused);
		assertFailure(failure, AttemptOutcome.CONNECTION_ERROR, Disposition.RETRY);
		assertThat(failure.message()).startsWith("WebClientRequestException: ").containsIgnoringCase("refused");
		assertThat(FailureClassifier.isProviderFailure(refused)).isTrue();
	}

	@Test
	void ioErrorUnderAnotherExceptionIsAConnectionError() {
		Failure failure = FailureClassifier.classify(new IllegalStateException(new IOException("Connection reset")));
		assertFailure(failure, AttemptOutcome.CONNECTION_ERROR, Disposition.RETRY);
		assertThat(failure.message()).isEqualTo("IllegalStateException: Connection reset");
	}

	@Test
	void anythingUnexpectedIsABadResponseThatFailsOver() {
		Failure failure = FailureClassifier.classify(new IllegalArgumentException("unexpected token"));
		assertFailure(failure, AttemptOutcome.BAD_RESPONSE, Disposition.RETRY);
		assertThat(failure.message()).isEqualTo("unexpected token");
		assertThat(failure.status()).isZero();
	}

	private static ProviderException status(int status, @Nullable Duration retryAfter, @Nullable Boolean shouldRetry) {
		return ProviderException.errorStatus("p", status, "provider says " + status, null, retryAfter, shouldRetry);
	}

	private static void assertFailure(Failure failure, AttemptOutcome outcome, Disposition disposition) {
		assertThat(failure.outcome()).isEqualTo(outcome);
		assertThat(failure.disposition()).isEqualTo(disposition);
	}

}
