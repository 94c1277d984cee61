package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.FailoverTimeoutException;
import io.github.llmfailover.chat.LlmFailoverException;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.chat.ProviderRequestException;
import io.github.llmfailover.metrics.AttemptObservationConvention;
import io.github.llmfailover.metrics.ChatObservationContext;
import io.github.llmfailover.metrics.ChatObservationConvention;
import io.github.llmfailover.metrics.RequestOutcome;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.routing.FailoverObservations.ObservedAttempt;
import io.github.llmfailover.routing.FailureClassifier.Failure;
import io.github.llmfailover.routing.ProviderRegistry.Unavailability;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link FailoverChatClient}: picks a provider from the {@link ProviderRegistry}, calls it
 * through its circuit breaker within the attempt timeout, and on failure classifies the error
 * and moves on: at once to a provider not tried yet, after a jittered backoff to one already
 * tried, never past the request's deadline or attempt budget.
 */
public final class DefaultFailoverChatClient implements FailoverChatClient {

	private static final Log logger = LogFactory.getLog(DefaultFailoverChatClient.class);

	/** What to tell callers when no provider comes back by itself (only an operator can). */
	private static final Duration UNKNOWN_RETURN = Duration.ofSeconds(60);

	private final ProviderRegistry registry;

	private final FailoverPolicy policy;

	private final Clock clock;

	private final FailoverObservations observations;

	/**
	 * A client that is not observed.
	 * @param registry the providers
	 * @param policy how hard a request tries
	 */
	public DefaultFailoverChatClient(ProviderRegistry registry, FailoverPolicy policy) {
		this(registry, policy, Clock.systemUTC(), FailoverObservations.NONE);
	}

	/**
	 * A client observed through the given registry.
	 * @param registry the providers
	 * @param policy how hard a request tries
	 * @param observationRegistry where requests and attempts are observed
	 * @param chatConvention names and tags requests, or {@code null} for the default
	 * @param attemptConvention names and tags attempts, or {@code null} for the default
	 */
	public DefaultFailoverChatClient(ProviderRegistry registry, FailoverPolicy policy,
			ObservationRegistry observationRegistry, @Nullable ChatObservationConvention chatConvention,
			@Nullable AttemptObservationConvention attemptConvention) {
		this(registry, policy, Clock.systemUTC(),
				new FailoverObservations(observationRegistry, chatConvention, attemptConvention));
	}

	DefaultFailoverChatClient(ProviderRegistry registry, FailoverPolicy policy, Clock clock,
			FailoverObservations observations) {
		this.registry = registry;
		this.policy = policy;
		this.clock = clock;
		this.observations = observations;
	}

	@Override
	public Mono<ChatResponse> chat(ChatRequest request) {
		Objects.requireNonNull(request, "request must not be null");
		return Mono.deferContextual((callerContext) -> {
			ChatObservationContext observed = new ChatObservationContext("chat");
			Observation observation = this.observations.startRequest(observed, callerContext);
			RequestState state = new RequestState(this.registry.size(), nowNanos(), this.policy.timeout().toNanos(),
					observation);
			return nextAttempt(request, state)
				.timeout(this.policy.timeout(),
						Mono.error(() -> new FailoverTimeoutException(this.policy.timeout(), state.attempts())))
				.doOnNext((response) -> FailoverObservations.served(observed, response))
				.doOnError((error) -> observed.setOutcome(FailoverObservations.outcomeOf(error)))
				.doOnCancel(() -> observed.setOutcome(RequestOutcome.CANCELLED))
				.doFinally((signal) -> observation.stop());
		});
	}

	@Override
	public Flux<ChatChunk> stream(ChatRequest request) {
		return Flux.error(new UnsupportedOperationException("Streaming is not available yet; use chat(...)"));
	}

	private Mono<ChatResponse> nextAttempt(ChatRequest request, RequestState state) {
		long nowMillis = this.clock.millis();
		long remaining = state.remainingNanos(nowNanos());
		if (remaining <= 0) {
			return Mono.error(new FailoverTimeoutException(this.policy.timeout(), state.attempts()));
		}
		if (state.calls() >= this.policy.maxAttempts()) {
			return Mono.error(exhausted(state, nowMillis));
		}
		RoutedProvider provider = this.registry.select(nowMillis, state.calledMask(), state.excludedMask());
		if (provider == null) {
			return Mono.error((state.calls() == 0) ? noProvider(state, nowMillis) : exhausted(state, nowMillis));
		}
		long backoff = backoffNanos(provider, state);
		if (backoff >= remaining) {
			// Waiting would use up the deadline: give up now rather than time out later.
			return Mono.error(exhausted(state, nowMillis));
		}
		Duration attemptTimeout = Duration.ofNanos(Math.min(this.policy.attemptTimeout().toNanos(), remaining - backoff));
		Mono<ChatResponse> call = Mono.defer(() -> call(request, state, provider, attemptTimeout));
		return (backoff == 0) ? call : Mono.delay(Duration.ofNanos(backoff)).then(call);
	}

	private Mono<ChatResponse> call(ChatRequest request, RequestState state, RoutedProvider provider,
			Duration attemptTimeout) {
		ObservedAttempt attempt = this.observations.startAttempt(provider, state.observation());
		if (provider.isCoolingDown(this.clock.millis())) {
			// Another request put it in a cooldown while this one was backing off.
			return failed(request, state, provider, CoolingDownException.INSTANCE, attempt);
		}
		// The fallback rethrows as is: without one, Spring Cloud wraps every error in
		// NoFallbackAvailableException and the error rules could not see what failed.
		return provider.reactiveCircuitBreaker()
			.run(provider.client().complete(request).timeout(attemptTimeout), Mono::error)
			.doOnCancel(() -> attempt.finish(AttemptOutcome.CANCELLED, 0, null))
			.contextWrite(attempt::propagate)
			.map((completion) -> succeeded(state, provider, completion, attempt))
			.onErrorResume((error) -> failed(request, state, provider, error, attempt));
	}

	private ChatResponse succeeded(RequestState state, RoutedProvider provider, Completion completion,
			ObservedAttempt attempt) {
		Duration duration = attempt.finish(AttemptOutcome.SUCCESS, 200, null);
		state.called(provider);
		state.record(new Attempt(provider.name(), AttemptOutcome.SUCCESS, 200, duration, null));
		return new ChatResponse(completion.content(), provider.name(), completion.model(), completion.finishReason(),
				completion.usage(), state.attempts());
	}

	private Mono<ChatResponse> failed(ChatRequest request, RequestState state, RoutedProvider provider,
			Throwable error, ObservedAttempt attempt) {
		if (error instanceof LlmFailoverException) {
			return Mono.error(error);
		}
		Failure failure = FailureClassifier.classify(error);
		Duration duration = attempt.finish(failure.outcome(), failure.status(), error);
		String message = provider.redactor().redact(failure.message());
		state.record(new Attempt(provider.name(), failure.outcome(), failure.status(), duration, message));
		switch (failure.disposition()) {
			case STOP -> {
				return Mono.error(new ProviderRequestException(provider.name(), failure.status(), message,
						state.attempts()));
			}
			case SKIP -> state.exclude(provider);
			case NEXT_ONLY -> {
				state.called(provider);
				state.exclude(provider);
			}
			case RETRY -> state.called(provider);
		}
		if (failure.outcome().isProviderFailure()) {
			provider.recordError(failure.outcome(), failure.status(), message);
		}
		if (failure.cooldown() != null) {
			Duration cooldown = min(failure.cooldown(), this.policy.maxCooldown());
			provider.coolDown(cooldown);
			logger.info("LLM provider '" + provider.name() + "' asked to back off; out of rotation for "
					+ cooldown.toMillis() + " ms");
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Attempt on LLM provider '" + provider.name() + "' failed (" + failure.outcome().tagValue()
					+ ", " + message + "); failing over");
		}
		return nextAttempt(request, state);
	}

	private long backoffNanos(RoutedProvider provider, RequestState state) {
		int previousCalls = state.callsTo(provider);
		if (previousCalls == 0) {
			return 0;
		}
		long ceiling = this.policy.backoff().ceiling(previousCalls).toNanos();
		return (ceiling <= 0) ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
	}

	private LlmFailoverException noProvider(RequestState state, long nowMillis) {
		Unavailability unavailability = this.registry.unavailability(nowMillis);
		return new NoProviderAvailableException(unavailability.reasons(), returnsIn(unavailability, nowMillis),
				state.attempts());
	}

	private LlmFailoverException exhausted(RequestState state, long nowMillis) {
		Duration retryAfter = returnsIn(this.registry.unavailability(nowMillis), nowMillis);
		return new AllProvidersFailedException(state.attempts(), retryAfter);
	}

	private static Duration returnsIn(Unavailability unavailability, long nowMillis) {
		if (unavailability.returnsAtMillis() == Long.MAX_VALUE) {
			return UNKNOWN_RETURN;
		}
		return Duration.ofMillis(Math.max(0, unavailability.returnsAtMillis() - nowMillis));
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/** Scheduler time, so that deadlines follow virtual time in tests. */
	private static long nowNanos() {
		Scheduler scheduler = Schedulers.parallel();
		return scheduler.now(TimeUnit.NANOSECONDS);
	}

}
