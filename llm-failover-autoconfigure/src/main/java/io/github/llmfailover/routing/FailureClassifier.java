package io.github.llmfailover.routing;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.WebClientRequestException;

import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.provider.ProviderException;

/**
 * The error rules: what a failed attempt means for the request (fail over, retry the same
 * provider later, stop) and for the provider (circuit breaker, cooldown).
 */
final class FailureClassifier {

	/** Statuses whose {@code Retry-After} takes the provider out of rotation. */
	private static final Set<Integer> COOLDOWN_STATUSES = Set.of(429, 503, 529);

	/** 429 codes that mean billing, not load: waiting does not help. */
	private static final Set<String> QUOTA_CODES = Set.of("insufficient_quota", "billing_error");

	private FailureClassifier() {
	}

	static Failure classify(Throwable error) {
		if (error instanceof ProviderException provider) {
			return classifyProvider(provider);
		}
		if (error instanceof CallNotPermittedException) {
			return new Failure(AttemptOutcome.CIRCUIT_OPEN, Disposition.SKIP, 0, "circuit breaker is open", null);
		}
		if (error instanceof CoolingDownException) {
			return new Failure(AttemptOutcome.COOLING_DOWN, Disposition.SKIP, 0, messageOf(error), null);
		}
		if (error instanceof BulkheadFullException) {
			return new Failure(AttemptOutcome.SATURATED, Disposition.SKIP, 0, "too many concurrent calls", null);
		}
		if (error instanceof TimeoutException) {
			return new Failure(AttemptOutcome.TIMEOUT, Disposition.RETRY, 0, "no answer in time", null);
		}
		if (error instanceof WebClientRequestException || error instanceof IOException
				|| error.getCause() instanceof IOException) {
			return new Failure(AttemptOutcome.CONNECTION_ERROR, Disposition.RETRY, 0, describe(error), null);
		}
		// Undecodable bodies, and anything unexpected: the provider's answer
		// was not usable, another provider's may be.
		return new Failure(AttemptOutcome.BAD_RESPONSE, Disposition.RETRY, 0, describe(error), null);
	}

	/**
	 * Whether an error counts against the provider's circuit breaker.
	 * @param error the error of a call
	 * @return {@code true} for provider failures
	 */
	static boolean isProviderFailure(Throwable error) {
		return classify(error).outcome().isProviderFailure();
	}

	/**
	 * Whether the circuit breaker ignores an error, neither a failure nor a success: a
	 * 429, 503 or 529 that says when to come back ({@code Retry-After},
	 * {@code retry-after-ms}) takes the provider out of rotation for that long, and the
	 * cooldown alone handles it. Counting it too would open (or, from half-open, re-open)
	 * the circuit for the whole open wait, long after the provider asked to be called
	 * again. A 429 that means billing, not load, still counts.
	 * @param error the error of a call
	 * @return {@code true} when only the cooldown applies
	 */
	static boolean isHandledByCooldown(Throwable error) {
		return error instanceof ProviderException provider && cooldown(provider) != null && !isQuotaError(provider);
	}

	private static Failure classifyProvider(ProviderException error) {
		int status = error.status();
		if (error.responseLimit() != null) {
			// The limit is the application's: a longer answer is no fault of the
			// provider, and another provider's would be as long.
			return new Failure(AttemptOutcome.RESPONSE_TOO_LARGE, Disposition.STOP, status, messageOf(error), null);
		}
		if (error.isMalformed()) {
			return new Failure(AttemptOutcome.BAD_RESPONSE, Disposition.RETRY, status, messageOf(error), null);
		}
		AttemptOutcome outcome;
		Disposition disposition;
		if (status == 400 || status == 413 || status == 422) {
			outcome = AttemptOutcome.CLIENT_ERROR;
			disposition = Disposition.STOP;
		}
		else if (status == 429) {
			outcome = AttemptOutcome.RATE_LIMITED;
			disposition = isQuotaError(error) ? Disposition.NEXT_ONLY : Disposition.RETRY;
		}
		else if (status == 408 || status == 409 || status >= 500) {
			outcome = AttemptOutcome.SERVER_ERROR;
			disposition = Disposition.RETRY;
		}
		else {
			outcome = AttemptOutcome.PROVIDER_ERROR;
			disposition = Disposition.NEXT_ONLY;
		}
		// x-should-retry is the provider's own verdict and overrides the status.
		if (Boolean.TRUE.equals(error.shouldRetry()) && disposition != Disposition.RETRY) {
			outcome = AttemptOutcome.SERVER_ERROR;
			disposition = Disposition.RETRY;
		}
		else if (Boolean.FALSE.equals(error.shouldRetry()) && disposition == Disposition.RETRY) {
			disposition = Disposition.NEXT_ONLY;
		}
		return new Failure(outcome, disposition, status, messageOf(error), cooldown(error));
	}

	private static @Nullable Duration cooldown(ProviderException error) {
		return COOLDOWN_STATUSES.contains(error.status()) ? error.retryAfter() : null;
	}

	private static boolean isQuotaError(ProviderException error) {
		return error.status() == 429 && error.errorCode() != null && QUOTA_CODES.contains(error.errorCode());
	}

	private static String describe(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = messageOf(root);
		return (root == error) ? message : error.getClass().getSimpleName() + ": " + message;
	}

	private static String messageOf(Throwable error) {
		String message = error.getMessage();
		return (message != null) ? message : error.getClass().getSimpleName();
	}

	/**
	 * What a failed attempt means.
	 *
	 * @param outcome the class of the failure
	 * @param disposition what the request does next
	 * @param status the HTTP status, or 0
	 * @param message a short description
	 * @param cooldown how long to take the provider out of rotation, or {@code null}
	 */
	record Failure(AttemptOutcome outcome, Disposition disposition, int status, String message,
			@Nullable Duration cooldown) {
	}

	/**
	 * What a request does after a failed attempt.
	 */
	enum Disposition {

		/** Fail over now; the same provider may be called again after a backoff. */
		RETRY,

		/** Fail over now and do not call this provider again for this request. */
		NEXT_ONLY,

		/**
		 * The call never reached the provider: try another one, without using an attempt.
		 */
		SKIP,

		/**
		 * The request itself is bad, or its answer is over the limit: no failover.
		 */
		STOP

	}

}
