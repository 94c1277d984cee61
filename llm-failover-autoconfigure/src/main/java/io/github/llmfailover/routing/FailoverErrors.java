package io.github.llmfailover.routing;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.FailoverTimeoutException;
import io.github.llmfailover.chat.LlmFailoverException;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.chat.ProviderRequestException;
import io.github.llmfailover.chat.ResponseTooLargeException;
import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.routing.FailureClassifier.Failure;
import io.github.llmfailover.routing.ProviderRegistry.Unavailability;

/**
 * The errors that end a request, with its attempts and, where providers are out, when the
 * first comes back. Apart from the routing, so that what a caller learns when a request
 * fails is decided in one place and can be checked without a call.
 */
final class FailoverErrors {

	/**
	 * What to tell callers when no provider comes back by itself (only an operator can).
	 */
	static final Duration UNKNOWN_RETURN = Duration.ofSeconds(60);

	private final ProviderRegistry registry;

	private final FailoverPolicy policy;

	/**
	 * @param registry the group, asked why its providers are out
	 * @param policy the policy, whose deadline a timed-out request reports
	 */
	FailoverErrors(ProviderRegistry registry, FailoverPolicy policy) {
		this.registry = registry;
		this.policy = policy;
	}

	/**
	 * The request's deadline passed.
	 */
	FailoverTimeoutException timedOut(RequestState state) {
		return new FailoverTimeoutException(this.policy.timeout(), state.attempts());
	}

	/**
	 * No provider was in rotation, nor could be called in panic, before any attempt.
	 */
	LlmFailoverException noProvider(RequestState state, long nowMillis) {
		Unavailability unavailability = this.registry.unavailability(nowMillis);
		return new NoProviderAvailableException(unavailability.reasons(), returnsIn(unavailability, nowMillis),
				state.attempts());
	}

	/**
	 * The request made the attempts it could and none served it.
	 */
	LlmFailoverException exhausted(RequestState state, long nowMillis) {
		Duration retryAfter = returnsIn(this.registry.unavailability(nowMillis), nowMillis);
		return new AllProvidersFailedException(state.attempts(), retryAfter);
	}

	/**
	 * A provider refused the request itself, which another provider would refuse too: an
	 * answer over the size limit, or the provider's own error, its message redacted.
	 */
	static LlmFailoverException stopped(RoutedProvider provider, Failure failure, Throwable error, RequestState state) {
		DataSize limit = (error instanceof ProviderException providerError) ? providerError.responseLimit() : null;
		if (limit != null) {
			return new ResponseTooLargeException(provider.name(), limit, state.attempts());
		}
		return new ProviderRequestException(provider.name(), failure.status(),
				provider.settings().redact(failure.message()), state.attempts());
	}

	private static Duration returnsIn(Unavailability unavailability, long nowMillis) {
		if (unavailability.returnsAtMillis() == Long.MAX_VALUE) {
			return UNKNOWN_RETURN;
		}
		return Duration.ofMillis(Math.max(0, unavailability.returnsAtMillis() - nowMillis));
	}

}
