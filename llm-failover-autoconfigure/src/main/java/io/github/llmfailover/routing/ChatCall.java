package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.function.Function;

import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.routing.FailoverObservations.ObservedAttempt;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An attempt at a whole answer, through the provider's Spring Cloud circuit breaker (whose
 * TimeLimiter enforces the attempt timeout). Any failure fails over.
 */
final class ChatCall implements AttemptCall<ChatResponse> {

	/**
	 * Below this, a shorter timer than the TimeLimiter's is worth its own: two timers firing
	 * together would have Reactor drop (and log) one of their errors.
	 */
	private static final Duration TIMER_MARGIN = Duration.ofMillis(20);

	private final ChatRequest request;

	private final Duration timeLimiterTimeout;

	/**
	 * @param request the request
	 * @param timeLimiterTimeout the TimeLimiter's timeout: the configured attempt timeout
	 */
	ChatCall(ChatRequest request, Duration timeLimiterTimeout) {
		this.request = request;
		this.timeLimiterTimeout = timeLimiterTimeout;
	}

	@Override
	public Flux<ChatResponse> attempt(RoutedProvider provider, Duration attemptTimeout, ObservedAttempt observed,
			RequestState state, Function<Throwable, Flux<ChatResponse>> failover) {
		Mono<Completion> call = provider.client().complete(this.request);
		if (attemptTimeout.plus(TIMER_MARGIN).compareTo(this.timeLimiterTimeout) < 0) {
			// The request's deadline is nearer than the TimeLimiter's limit.
			call = call.timeout(attemptTimeout);
		}
		// The fallback rethrows as is: without one, Spring Cloud wraps every error in
		// NoFallbackAvailableException and the error rules could not see what failed.
		Mono<Completion> protectedCall = provider.reactiveCircuitBreaker().run(call, Mono::error);
		if (!observed.isNoop()) {
			protectedCall = protectedCall.doOnCancel(() -> observed.finish(AttemptOutcome.CANCELLED, 0, null));
		}
		return protectedCall.map((completion) -> answer(state, provider, completion, observed))
			.flux()
			.onErrorResume(failover);
	}

	private static ChatResponse answer(RequestState state, RoutedProvider provider, Completion completion,
			ObservedAttempt observed) {
		state.recordSuccess(provider, observed);
		return new ChatResponse(completion.content(), provider.name(), completion.model(), completion.finishReason(),
				completion.usage(), state.attempts());
	}

}
