package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
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
import io.github.llmfailover.chat.StreamInterruptedException;
import io.github.llmfailover.metrics.AttemptObservationConvention;
import io.github.llmfailover.metrics.ChatObservationContext;
import io.github.llmfailover.metrics.ChatObservationConvention;
import io.github.llmfailover.metrics.RequestOutcome;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.routing.FailoverObservations.ObservedAttempt;
import io.github.llmfailover.routing.FailureClassifier.Failure;
import io.github.llmfailover.routing.ProviderRegistry.Unavailability;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link FailoverChatClient}: picks a provider from the {@link ProviderRegistry}, calls it
 * through its circuit breaker within the attempt timeout, and on failure classifies the error
 * and moves on: at once to a provider not tried yet, after a jittered backoff to one already
 * tried, never past the request's deadline or attempt budget. Streams fail over the same way
 * until their first content token; after it, the text is the caller's and a break ends the
 * stream with a {@link StreamInterruptedException}.
 */
public final class DefaultFailoverChatClient implements FailoverChatClient {

	private static final Log logger = LogFactory.getLog(DefaultFailoverChatClient.class);

	/** What to tell callers when no provider comes back by itself (only an operator can). */
	private static final Duration UNKNOWN_RETURN = Duration.ofSeconds(60);

	/**
	 * The request-level timer is a safety net behind the attempts' own timers, which already
	 * stop at the deadline; firing a moment later keeps the two from racing.
	 */
	private static final Duration SAFETY_NET_GRACE = Duration.ofMillis(50);

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
			RequestState state = newState(observation);
			return nextAttempt(new ChatCall(request), state).singleOrEmpty()
				.timeout(this.policy.timeout().plus(SAFETY_NET_GRACE), Mono.error(() -> timedOut(state)))
				.doOnNext((response) -> FailoverObservations.served(observed, response))
				.doOnError((error) -> observed.setOutcome(FailoverObservations.outcomeOf(error)))
				.doOnCancel(() -> observed.setOutcome(RequestOutcome.CANCELLED))
				.doFinally((signal) -> observation.stop());
		});
	}

	@Override
	public Flux<ChatChunk> stream(ChatRequest request) {
		Objects.requireNonNull(request, "request must not be null");
		return Flux.deferContextual((callerContext) -> {
			ChatObservationContext observed = new ChatObservationContext("stream");
			Observation observation = this.observations.startRequest(observed, callerContext);
			RequestState state = newState(observation);
			// The deadline bounds the wait for the first token, failovers included; a healthy
			// stream then runs as long as tokens keep coming.
			return nextAttempt(new StreamCall(request), state)
				.timeout(Mono.delay(this.policy.timeout().plus(SAFETY_NET_GRACE)), (chunk) -> Mono.never(),
						Flux.defer(() -> Flux.error(timedOut(state))))
				.doOnNext((chunk) -> FailoverObservations.streamed(observed, chunk))
				.doOnComplete(() -> observed.setOutcome(RequestOutcome.SUCCESS))
				.doOnError((error) -> observed.setOutcome((error instanceof StreamInterruptedException)
						? RequestOutcome.INTERRUPTED : FailoverObservations.outcomeOf(error)))
				.doOnCancel(() -> observed.setOutcome(RequestOutcome.CANCELLED))
				.doFinally((signal) -> observation.stop());
		});
	}

	private RequestState newState(Observation observation) {
		return new RequestState(this.registry.size(), nowNanos(), this.policy.timeout().toNanos(), observation);
	}

	private <T> Flux<T> nextAttempt(Call<T> call, RequestState state) {
		long nowMillis = this.clock.millis();
		long remaining = state.remainingNanos(nowNanos());
		if (remaining <= 0) {
			return Flux.error(timedOut(state));
		}
		if (state.calls() >= this.policy.maxAttempts()) {
			return Flux.error(exhausted(state, nowMillis));
		}
		RoutedProvider provider = this.registry.select(nowMillis, state.calledMask(), state.excludedMask());
		if (provider == null) {
			return Flux.error((state.calls() == 0) ? noProvider(state, nowMillis) : exhausted(state, nowMillis));
		}
		long backoff = backoffNanos(provider, state);
		if (backoff >= remaining) {
			// Waiting would use up the deadline: give up now rather than time out later.
			return Flux.error(exhausted(state, nowMillis));
		}
		Duration attemptTimeout = Duration.ofNanos(Math.min(this.policy.attemptTimeout().toNanos(), remaining - backoff));
		Flux<T> attempt = Flux.defer(() -> attempt(call, state, provider, attemptTimeout));
		return (backoff == 0) ? attempt : Mono.delay(Duration.ofNanos(backoff)).thenMany(attempt);
	}

	private <T> Flux<T> attempt(Call<T> call, RequestState state, RoutedProvider provider, Duration attemptTimeout) {
		ObservedAttempt observed = this.observations.startAttempt(provider, state.observation());
		Function<Throwable, Flux<T>> failover = (error) -> failed(call, state, provider, error, observed);
		if (provider.isCoolingDown(this.clock.millis())) {
			// Another request put it in a cooldown while this one was backing off.
			return failover.apply(CoolingDownException.INSTANCE);
		}
		return call.attempt(provider, attemptTimeout, observed, state, failover).contextWrite(observed::propagate);
	}

	private <T> Flux<T> failed(Call<T> call, RequestState state, RoutedProvider provider, Throwable error,
			ObservedAttempt observed) {
		Failure failure = recordFailure(state, provider, error, observed);
		switch (failure.disposition()) {
			case STOP -> {
				return Flux.error(new ProviderRequestException(provider.name(), failure.status(),
						provider.redactor().redact(failure.message()), state.attempts()));
			}
			case SKIP -> state.exclude(provider);
			case NEXT_ONLY -> {
				state.called(provider);
				state.exclude(provider);
			}
			case RETRY -> state.called(provider);
		}
		if (failure.cooldown() != null) {
			Duration cooldown = min(failure.cooldown(), this.policy.maxCooldown());
			provider.coolDown(cooldown);
			logger.info("LLM provider '" + provider.name() + "' asked to back off; out of rotation for "
					+ cooldown.toMillis() + " ms");
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Attempt on LLM provider '" + provider.name() + "' failed (" + failure.outcome().tagValue()
					+ ", " + provider.redactor().redact(failure.message()) + "); failing over");
		}
		return nextAttempt(call, state);
	}

	/**
	 * Classify a failed attempt, end its observation, and record it on the request and, if the
	 * provider is to blame, on the provider.
	 */
	private Failure recordFailure(RequestState state, RoutedProvider provider, Throwable error,
			ObservedAttempt observed) {
		Failure failure = FailureClassifier.classify(error);
		Duration duration = observed.finish(failure.outcome(), failure.status(), error);
		String message = provider.redactor().redact(failure.message());
		state.record(new Attempt(provider.name(), failure.outcome(), failure.status(), duration, message));
		if (failure.outcome().isProviderFailure()) {
			provider.recordError(failure.outcome(), failure.status(), message);
		}
		return failure;
	}

	private static void succeeded(RequestState state, RoutedProvider provider, ObservedAttempt observed) {
		Duration duration = observed.finish(AttemptOutcome.SUCCESS, 200, null);
		state.called(provider);
		state.record(new Attempt(provider.name(), AttemptOutcome.SUCCESS, 200, duration, null));
	}

	private long backoffNanos(RoutedProvider provider, RequestState state) {
		int previousCalls = state.callsTo(provider);
		if (previousCalls == 0) {
			return 0;
		}
		long ceiling = this.policy.backoff().ceiling(previousCalls).toNanos();
		return (ceiling <= 0) ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
	}

	private FailoverTimeoutException timedOut(RequestState state) {
		return new FailoverTimeoutException(this.policy.timeout(), state.attempts());
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
		return Schedulers.parallel().now(TimeUnit.NANOSECONDS);
	}

	/**
	 * How one attempt on one provider is made, and until when it may fail over.
	 */
	private interface Call<T> {

		/**
		 * Make the attempt.
		 * @param provider the provider
		 * @param attemptTimeout the attempt's limit (for a stream, the wait for its first
		 * token)
		 * @param observed the attempt's observation
		 * @param state the request
		 * @param failover continues the request on another attempt after an error
		 * @return the attempt, followed by the failover when it fails in time
		 */
		Flux<T> attempt(RoutedProvider provider, Duration attemptTimeout, ObservedAttempt observed, RequestState state,
				Function<Throwable, Flux<T>> failover);

	}

	/**
	 * A whole answer: any failure fails over.
	 */
	private final class ChatCall implements Call<ChatResponse> {

		/**
		 * Below this, a shorter timer than the TimeLimiter's is worth its own: two timers firing
		 * together would have Reactor drop (and log) one of their errors.
		 */
		private static final Duration TIMER_MARGIN = Duration.ofMillis(20);

		private final ChatRequest request;

		ChatCall(ChatRequest request) {
			this.request = request;
		}

		@Override
		public Flux<ChatResponse> attempt(RoutedProvider provider, Duration attemptTimeout, ObservedAttempt observed,
				RequestState state, Function<Throwable, Flux<ChatResponse>> failover) {
			// Spring Cloud's TimeLimiter enforces attempt-timeout; a request whose deadline is
			// nearer needs a shorter limit.
			Mono<Completion> call = provider.client().complete(this.request);
			if (attemptTimeout.plus(TIMER_MARGIN).compareTo(DefaultFailoverChatClient.this.policy.attemptTimeout()) < 0) {
				call = call.timeout(attemptTimeout);
			}
			// The fallback rethrows as is: without one, Spring Cloud wraps every error in
			// NoFallbackAvailableException and the error rules could not see what failed.
			return provider.reactiveCircuitBreaker()
				.run(call, Mono::error)
				.doOnCancel(() -> observed.finish(AttemptOutcome.CANCELLED, 0, null))
				.map((completion) -> answer(state, provider, completion, observed))
				.flux()
				.onErrorResume(failover);
		}

		private static ChatResponse answer(RequestState state, RoutedProvider provider, Completion completion,
				ObservedAttempt observed) {
			succeeded(state, provider, observed);
			return new ChatResponse(completion.content(), provider.name(), completion.model(),
					completion.finishReason(), completion.usage(), state.attempts());
		}

	}

	/**
	 * A stream: fails over until its first content token, then belongs to the caller.
	 */
	private final class StreamCall implements Call<ChatChunk> {

		private final ChatRequest request;

		StreamCall(ChatRequest request) {
			this.request = request;
		}

		@Override
		public Flux<ChatChunk> attempt(RoutedProvider provider, Duration attemptTimeout, ObservedAttempt observed,
				RequestState state, Function<Throwable, Flux<ChatChunk>> failover) {
			StreamProgress progress = new StreamProgress();
			Duration idleTimeout = DefaultFailoverChatClient.this.policy.attemptTimeout();
			// Resilience4j's operator on the provider's own breaker, not Spring Cloud's wrapper: its
			// TimeLimiter would put a per-element timeout on the stream. The timeouts here are the
			// first token's (the attempt timeout) and then the longest silence between tokens.
			return Flux.defer(() -> provider.client().stream(this.request))
				.timeout(Mono.delay(attemptTimeout), (chunk) -> Mono.delay(idleTimeout))
				.<ChatChunk>handle((chunk, sink) -> progress.add(provider, chunk, sink))
				.transform(CircuitBreakerOperator.of(provider.circuitBreaker()))
				.doOnComplete(() -> succeeded(state, provider, observed))
				.doOnCancel(() -> observed.finish(AttemptOutcome.CANCELLED, 0, null))
				.onErrorResume((error) -> progress.started() ? interrupted(state, provider, error, observed, progress)
						: failover.apply(error));
		}

		private Flux<ChatChunk> interrupted(RequestState state, RoutedProvider provider, Throwable error,
				ObservedAttempt observed, StreamProgress progress) {
			Failure failure = recordFailure(state, provider, error, observed);
			logger.warn("Stream from LLM provider '" + provider.name() + "' broke after " + progress.chunks
					+ " chunks (" + failure.outcome().tagValue() + ")");
			return Flux.error(new StreamInterruptedException(provider.name(), progress.chunks, progress.characters,
					provider.redactor().redact(failure.message()), state.attempts(), error));
		}

	}

	/**
	 * How much of a stream has arrived. Signals of one stream are serial, so plain fields do.
	 */
	private static final class StreamProgress {

		private int chunks;

		private int characters;

		/**
		 * Count a chunk and pass it on, unless the stream ends before any content: that is a
		 * provider failure to fail over from, not an empty answer.
		 */
		void add(RoutedProvider provider, ChatChunk chunk, SynchronousSink<ChatChunk> sink) {
			if (!chunk.text().isEmpty()) {
				this.chunks++;
				this.characters += chunk.text().length();
			}
			if (chunk.isLast() && !started()) {
				sink.error(ProviderException.malformed(provider.name(), 200, "the stream ended without any content",
						null));
				return;
			}
			sink.next(chunk);
		}

		boolean started() {
			return this.chunks > 0;
		}

	}

}
