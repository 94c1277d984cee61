package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.LlmFailoverException;
import io.github.llmfailover.chat.StreamInterruptedException;
import io.github.llmfailover.chat.UnknownModelGroupException;
import io.github.llmfailover.chat.UnsupportedRequestException;
import io.github.llmfailover.observation.AttemptObservationConvention;
import io.github.llmfailover.observation.ChatObservationConvention;
import io.github.llmfailover.routing.FailoverObservations.ObservedAttempt;
import io.github.llmfailover.routing.NextProvider.Choice;

/**
 * The {@link FailoverChatClient}: picks a provider from the {@link ProviderRegistry},
 * calls it through its circuit breaker within the attempt timeout, and on failure
 * classifies the error and moves on: at once to a provider not tried yet, after a
 * jittered backoff to one already tried, never past the request's deadline or attempt
 * budget. Streams fail over the same way until their first content token; after it, the
 * text is the caller's and a break ends the stream with a
 * {@link StreamInterruptedException}.
 * <p>
 * It routes over one model group, its registry's; a request that names another group is
 * served by that group's client (see {@link DefaultFailoverChatClients}).
 */
public final class DefaultFailoverChatClient implements FailoverChatClient {

	/**
	 * A stream's deadline timer fires a moment after the deadline, so that the attempt's
	 * own first-token timer, which stops there, does not race it.
	 */
	private static final Duration DEADLINE_GRACE = Duration.ofMillis(50);

	private final ProviderRegistry registry;

	private final FailoverPolicy policy;

	private final Clock clock;

	private final FailoverObservations observations;

	private final RetryBudget retryBudget;

	private final GroupClients groups;

	private final Hedging hedging;

	private final FailoverErrors errors;

	private final NextProvider nextProvider;

	private final FailoverDecision failover;

	private final HedgeAttempt hedges;

	/**
	 * A client that is not observed, and whose retries no budget limits.
	 * @param registry the providers
	 * @param policy how hard a request tries
	 */
	public DefaultFailoverChatClient(ProviderRegistry registry, FailoverPolicy policy) {
		this(registry, policy, RetryBudget.unlimited(), Clock.systemUTC(), FailoverObservations.NONE);
	}

	/**
	 * A client observed through the given registry.
	 * @param registry the providers
	 * @param policy how hard a request tries
	 * @param retryBudget how many retries and failovers requests may add together
	 * @param observationRegistry where requests and attempts are observed
	 * @param chatConvention names and tags requests, or {@code null} for the default
	 * @param attemptConvention names and tags attempts, or {@code null} for the default
	 */
	public DefaultFailoverChatClient(ProviderRegistry registry, FailoverPolicy policy, RetryBudget retryBudget,
			ObservationRegistry observationRegistry, @Nullable ChatObservationConvention chatConvention,
			@Nullable AttemptObservationConvention attemptConvention) {
		this(registry, policy, retryBudget, Hedging.off(), observationRegistry, chatConvention, attemptConvention);
	}

	/**
	 * A client observed through the given registry, that hedges requests.
	 * @param registry the providers
	 * @param policy how hard a request tries
	 * @param retryBudget how many retries and failovers requests may add together
	 * @param hedging when requests are sent to a second provider because the first is
	 * slow
	 * @param observationRegistry where requests and attempts are observed
	 * @param chatConvention names and tags requests, or {@code null} for the default
	 * @param attemptConvention names and tags attempts, or {@code null} for the default
	 */
	public DefaultFailoverChatClient(ProviderRegistry registry, FailoverPolicy policy, RetryBudget retryBudget,
			Hedging hedging, ObservationRegistry observationRegistry,
			@Nullable ChatObservationConvention chatConvention,
			@Nullable AttemptObservationConvention attemptConvention) {
		this(registry, policy, retryBudget, hedging, Clock.systemUTC(),
				new FailoverObservations(observationRegistry, chatConvention, attemptConvention));
	}

	DefaultFailoverChatClient(ProviderRegistry registry, FailoverPolicy policy, RetryBudget retryBudget, Clock clock,
			FailoverObservations observations) {
		this(registry, policy, retryBudget, Hedging.off(), clock, observations, null);
	}

	DefaultFailoverChatClient(ProviderRegistry registry, FailoverPolicy policy, RetryBudget retryBudget,
			Hedging hedging, Clock clock, FailoverObservations observations) {
		this(registry, policy, retryBudget, hedging, clock, observations, null);
	}

	/**
	 * A client of one group of many.
	 * @param groups the clients of the other groups, or {@code null} when this client
	 * knows only its own
	 */
	DefaultFailoverChatClient(ProviderRegistry registry, FailoverPolicy policy, RetryBudget retryBudget,
			Hedging hedging, Clock clock, FailoverObservations observations, @Nullable GroupClients groups) {
		this.registry = registry;
		this.policy = policy;
		this.retryBudget = retryBudget;
		this.hedging = hedging;
		this.clock = clock;
		this.observations = observations.forGroup(registry.name());
		this.groups = (groups != null) ? groups : this::ownGroup;
		this.errors = new FailoverErrors(registry, policy);
		this.nextProvider = new NextProvider(registry, policy, clock, this.errors);
		this.failover = new FailoverDecision(policy.maxCooldown());
		this.hedges = new HedgeAttempt(registry, policy.attemptTimeout(), clock, this.observations, hedging,
				this.failover);
	}

	private DefaultFailoverChatClient ownGroup(String group) {
		if (!group.equals(this.registry.name())) {
			throw new UnknownModelGroupException(group, List.of(this.registry.name()));
		}
		return this;
	}

	/**
	 * The client of the group a request names, or this one.
	 * @throws UnknownModelGroupException if the request names an unknown group
	 */
	private DefaultFailoverChatClient clientFor(ChatRequest request) {
		String group = request.group();
		return (group != null) ? this.groups.client(group) : this;
	}

	@Override
	public Mono<ChatResponse> chat(ChatRequest request) {
		Objects.requireNonNull(request, "request must not be null");
		DefaultFailoverChatClient client;
		try {
			client = clientFor(request);
		}
		catch (UnknownModelGroupException ex) {
			return Mono.error(ex);
		}
		if (client != this) {
			return client.chat(request);
		}
		ChatCall call = new ChatCall(request);
		// No request-level timer: every attempt has one that stops at the deadline,
		// backoffs never outlast it, and the next attempt reports it.
		return Mono.fromDirect(this.observations.observeRequest("chat",
				(observation) -> firstAttempt(call, newState(observation, request), request),
				FailoverObservations::served, true));
	}

	@Override
	public Flux<ChatChunk> stream(ChatRequest request) {
		Objects.requireNonNull(request, "request must not be null");
		DefaultFailoverChatClient client;
		try {
			client = clientFor(request);
		}
		catch (UnknownModelGroupException ex) {
			return Flux.error(ex);
		}
		if (client != this) {
			return client.stream(request);
		}
		StreamCall call = new StreamCall(request, this.policy.attemptTimeout());
		return this.observations.observeRequest("stream", (observation) -> {
			RequestState state = newState(observation, request);
			// The deadline bounds the wait for the first token, failovers included; a
			// healthy stream then runs as long as tokens keep coming.
			return firstAttempt(call, state, request).timeout(
					Mono.delay(this.policy.timeout().plus(DEADLINE_GRACE), EventLoopTimers.INSTANCE),
					(chunk) -> Mono.never(), Flux.defer(() -> Flux.error(this.errors.timedOut(state))));
		}, FailoverObservations::streamed, false);
	}

	private RequestState newState(Observation observation, ChatRequest request) {
		this.retryBudget.deposit();
		RequestState state = new RequestState(this.registry.indexSpace(), nowNanos(), this.policy.timeout().toNanos(),
				observation, this.retryBudget, this.registry.ranks(request));
		if (this.hedging.appliesTo(request)) {
			this.hedging.budget().deposit();
			state.hedgeFirstAttempt(request.hedgeDelay());
		}
		return state;
	}

	/**
	 * Start a request: only providers that can serve it are candidates, and when none
	 * can, the caller learns what each lacks instead of a provider's 400.
	 */
	private <T> Flux<T> firstAttempt(AttemptCall<T> call, RequestState state, ChatRequest request) {
		Set<Capability> needed = request.capabilities();
		if (!needed.isEmpty()) {
			long incapable = this.registry.incapable(needed);
			if (Long.bitCount(incapable) == this.registry.size()) {
				return Flux.error(new UnsupportedRequestException(needed, this.registry.lacking(needed)));
			}
			state.excludeAll(incapable);
		}
		return nextAttempt(call, state);
	}

	private <T> Flux<T> nextAttempt(AttemptCall<T> call, RequestState state) {
		return this.nextProvider.next(state, (choice) -> admitted(call, state, choice));
	}

	/**
	 * The attempt, once the provider's budget and rate limit let it go; a refusal takes
	 * the provider out of rotation and the request goes elsewhere, without an attempt
	 * counted.
	 */
	private <T> Flux<T> admitted(AttemptCall<T> call, RequestState state, Choice choice) {
		return AttemptAdmission.admit(choice.provider(), () -> attempt(call, state, choice),
				() -> refused(call, state));
	}

	private <T> Flux<T> refused(AttemptCall<T> call, RequestState state) {
		return Flux.defer(() -> {
			state.notCalled();
			return nextAttempt(call, state);
		});
	}

	private <T> Flux<T> attempt(AttemptCall<T> call, RequestState state, Choice choice) {
		RoutedProvider provider = choice.provider();
		ObservedAttempt observed = this.observations.startAttempt(provider, state.observation());
		Function<Throwable, Flux<T>> failover = (error) -> failed(call, state, provider, error, observed);
		if (provider.cooldown().isCoolingDown(this.clock.millis())) {
			// Another request put it in a cooldown while this one was backing off.
			return failover.apply(CoolingDownException.INSTANCE);
		}
		Flux<T> attempt = observed
			.propagate(call.attempt(provider, choice.panic(), choice.attemptTimeout(), observed, state, failover));
		return state.takeHedge() ? Hedged.race(this.hedges, call, state, provider, attempt) : attempt;
	}

	Hedging hedging() {
		return this.hedges.hedging();
	}

	private <T> Flux<T> failed(AttemptCall<T> call, RequestState state, RoutedProvider provider, Throwable error,
			ObservedAttempt observed) {
		LlmFailoverException end = this.failover.afterFailure(state, provider, error, observed);
		return (end != null) ? Flux.error(end) : nextAttempt(call, state);
	}

	/**
	 * The group routed by this client.
	 * @return the group's registry
	 */
	ProviderRegistry registry() {
		return this.registry;
	}

	/** Scheduler time, so that deadlines follow virtual time in tests. */
	static long nowNanos() {
		return Schedulers.parallel().now(TimeUnit.NANOSECONDS);
	}

}
