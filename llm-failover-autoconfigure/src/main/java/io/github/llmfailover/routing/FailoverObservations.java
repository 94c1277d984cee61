package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverTimeoutException;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.chat.ProviderRequestException;
import io.github.llmfailover.chat.ResponseTooLargeException;
import io.github.llmfailover.chat.StreamInterruptedException;
import io.github.llmfailover.observation.AttemptObservationContext;
import io.github.llmfailover.observation.AttemptObservationConvention;
import io.github.llmfailover.observation.ChatObservationContext;
import io.github.llmfailover.observation.ChatObservationConvention;
import io.github.llmfailover.observation.DefaultAttemptObservationConvention;
import io.github.llmfailover.observation.DefaultChatObservationConvention;
import io.github.llmfailover.observation.RequestOutcome;

/**
 * Starts the observations of requests and attempts, so that with Micrometer they become
 * the {@code llm.failover.requests} and {@code llm.failover.attempts} timers and, with
 * tracing, one span per request with a child span per attempt.
 */
final class FailoverObservations {

	static final FailoverObservations NONE = new FailoverObservations(ObservationRegistry.NOOP, null, null);

	private static final ChatObservationConvention DEFAULT_CHAT = new DefaultChatObservationConvention();

	private static final AttemptObservationConvention DEFAULT_ATTEMPT = new DefaultAttemptObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable ChatObservationConvention chatConvention;

	private final @Nullable AttemptObservationConvention attemptConvention;

	private final String group;

	FailoverObservations(ObservationRegistry registry, @Nullable ChatObservationConvention chatConvention,
			@Nullable AttemptObservationConvention attemptConvention) {
		this(registry, chatConvention, attemptConvention, ProviderRegistry.DEFAULT_GROUP);
	}

	private FailoverObservations(ObservationRegistry registry, @Nullable ChatObservationConvention chatConvention,
			@Nullable AttemptObservationConvention attemptConvention, String group) {
		this.registry = registry;
		this.chatConvention = chatConvention;
		this.attemptConvention = attemptConvention;
		this.group = group;
	}

	/**
	 * The same observations for the requests of a model group.
	 * @param group the group's name
	 * @return the observations
	 */
	FailoverObservations forGroup(String group) {
		return (group.equals(this.group)) ? this
				: new FailoverObservations(this.registry, this.chatConvention, this.attemptConvention, group);
	}

	/**
	 * Observe a request, as a child of the caller's observation if it has one: the
	 * observation starts when the request is subscribed to and stops as it ends, before
	 * its end reaches the caller, so that what the caller does next already sees it
	 * recorded. Without an observation registry, nothing is added to the request.
	 * @param <T> what the request emits
	 * @param operation {@code chat} or {@code stream}
	 * @param request the request, given its observation
	 * @param onNext what an emitted value tells the observation
	 * @param endsWithValue whether the first value ends the request (a whole answer)
	 * @return the observed request
	 */
	<T> Flux<T> observeRequest(String operation, Function<Observation, Flux<T>> request,
			BiConsumer<ChatObservationContext, T> onNext, boolean endsWithValue) {
		if (this.registry.isNoop()) {
			return Flux.defer(() -> request.apply(Observation.NOOP));
		}
		return Flux.deferContextual((callerContext) -> {
			ChatObservationContext context = new ChatObservationContext(operation, this.group);
			Observation parent = callerContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			ObservedRequest observed = new ObservedRequest(context,
					Observation.createNotStarted(this.chatConvention, DEFAULT_CHAT, () -> context, this.registry)
						.parentObservation(parent)
						.start());
			return request.apply(observed.observation).doOnEach((signal) -> {
				Throwable error = signal.getThrowable();
				if (signal.isOnNext()) {
					onNext.accept(context, signal.get());
					if (endsWithValue) {
						observed.end(RequestOutcome.SUCCESS, null);
					}
				}
				else if (error != null) {
					observed.end(outcomeOf(error), error);
				}
				else if (signal.isOnComplete()) {
					observed.end(RequestOutcome.SUCCESS, null);
				}
			}).doOnCancel(() -> observed.end(RequestOutcome.CANCELLED, null));
		});
	}

	ObservedAttempt startAttempt(RoutedProvider provider, Observation request) {
		AttemptObservationContext context = new AttemptObservationContext(provider.name(), provider.settings().model(),
				this.group);
		Observation observation = Observation
			.createNotStarted(this.attemptConvention, DEFAULT_ATTEMPT, () -> context, this.registry)
			.parentObservation(request)
			.start();
		return new ObservedAttempt(context, observation);
	}

	static void served(ChatObservationContext context, ChatResponse response) {
		context.setOutcome(RequestOutcome.SUCCESS);
		context.setProvider(response.provider());
		context.setModel(response.model());
		context.setUsage(response.usage());
		context.setCost(response.cost());
	}

	static void streamed(ChatObservationContext context, ChatChunk chunk) {
		context.setProvider(chunk.provider());
		if (chunk.isLast()) {
			context.setUsage(chunk.usage());
			context.setCost(chunk.cost());
		}
	}

	static RequestOutcome outcomeOf(Throwable error) {
		if (error instanceof StreamInterruptedException) {
			return RequestOutcome.INTERRUPTED;
		}
		if (error instanceof ProviderRequestException) {
			return RequestOutcome.CLIENT_ERROR;
		}
		if (error instanceof ResponseTooLargeException) {
			return RequestOutcome.RESPONSE_TOO_LARGE;
		}
		if (error instanceof NoProviderAvailableException) {
			return RequestOutcome.NO_PROVIDER;
		}
		if (error instanceof FailoverTimeoutException) {
			return RequestOutcome.TIMEOUT;
		}
		return RequestOutcome.EXHAUSTED;
	}

	/**
	 * One request under way, ended once however it ends.
	 */
	private static final class ObservedRequest {

		private final ChatObservationContext context;

		private final Observation observation;

		private boolean ended;

		ObservedRequest(ChatObservationContext context, Observation observation) {
			this.context = context;
			this.observation = observation;
		}

		synchronized void end(RequestOutcome outcome, @Nullable Throwable error) {
			if (!this.ended) {
				this.ended = true;
				this.context.setOutcome(outcome);
				if (error != null) {
					this.observation.error(error);
				}
				this.observation.stop();
			}
		}

	}

	/**
	 * One attempt under way: its observation, and how long it has taken.
	 */
	static final class ObservedAttempt {

		private final AttemptObservationContext context;

		private final Observation observation;

		private final long startNanos = System.nanoTime();

		private boolean finished;

		ObservedAttempt(AttemptObservationContext context, Observation observation) {
			this.context = context;
			this.observation = observation;
		}

		/**
		 * Let calls made inside the attempt (the HTTP exchange) observe themselves as its
		 * children.
		 * @param <T> what the attempt emits
		 * @param attempt the attempt
		 * @return the attempt, carrying this attempt's observation in its context
		 */
		<T> Flux<T> propagate(Flux<T> attempt) {
			return this.observation.isNoop() ? attempt : attempt
				.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, this.observation));
		}

		boolean isNoop() {
			return this.observation.isNoop();
		}

		/**
		 * End the attempt.
		 * @param outcome how it ended
		 * @param status the HTTP status, or 0
		 * @param error the failure, or {@code null}
		 * @return how long it took
		 */
		synchronized Duration finish(AttemptOutcome outcome, int status, @Nullable Throwable error) {
			Duration duration = Duration.ofNanos(System.nanoTime() - this.startNanos);
			if (!this.finished) {
				this.finished = true;
				this.context.setOutcome(outcome);
				this.context.setStatus(status);
				if (error != null && outcome.isProviderFailure()) {
					this.observation.error(error);
				}
				this.observation.stop();
			}
			return duration;
		}

	}

}
