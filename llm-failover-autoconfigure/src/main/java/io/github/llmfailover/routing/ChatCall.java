package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.routing.FailoverObservations.ObservedAttempt;

/**
 * An attempt at a whole answer, within the attempt timeout, behind the provider's
 * bulkhead and circuit breaker. Any failure fails over.
 */
final class ChatCall implements AttemptCall<ChatResponse> {

	private final ChatRequest request;

	/**
	 * @param request the request
	 */
	ChatCall(ChatRequest request) {
		this.request = request;
	}

	@Override
	public Flux<ChatResponse> attempt(RoutedProvider provider, boolean panic, Duration attemptTimeout,
			ObservedAttempt observed, RequestState state, Function<Throwable, Flux<ChatResponse>> failover) {
		// The timeout inside the breaker, so that the breaker counts it like any provider
		// failure. With an error of its own as fallback: Reactor's plain timeout names
		// its source on every subscription, a cost that shows in profiles of the happy
		// path.
		long startNanos = DefaultFailoverChatClient.nowNanos();
		Mono<Completion> call = provider.calls()
			.complete(this.request)
			.timeout(attemptTimeout,
					Mono.error(() -> new TimeoutException("No answer within " + attemptTimeout.toMillis() + " ms")),
					EventLoopTimers.INSTANCE);
		Mono<Completion> protectedCall = provider.calls().protect(call, panic);
		if (!observed.isNoop()) {
			protectedCall = protectedCall.doOnCancel(() -> observed.finish(AttemptOutcome.CANCELLED, 0, null));
		}
		return protectedCall.map((completion) -> {
			provider.latency().recordAnswer(DefaultFailoverChatClient.nowNanos() - startNanos, completion.usage());
			return answer(state, provider, completion, observed);
		}).flux().onErrorResume(failover);
	}

	private static ChatResponse answer(RequestState state, RoutedProvider provider, Completion completion,
			ObservedAttempt observed) {
		state.recordSuccess(provider, observed);
		provider.recordUsage(completion.usage());
		return new ChatResponse(completion.content(), provider.name(), completion.model(), completion.finishReason(),
				completion.usage(), state.attempts(), provider.budget().charge(completion.usage()),
				completion.toolCalls());
	}

}
