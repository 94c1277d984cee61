package io.github.llmfailover.routing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.Cost;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.cost.SpendLedger;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderSettings;

/**
 * One provider as routing sees it: its client, its circuit breaker and bulkhead, and the
 * live state that takes it in and out of rotation (weight, enabled flag, Retry-After
 * cooldown, rate limit, budget). Operators steer it through
 * {@link ProviderRegistry#update}; everything else sees it through
 * {@link ProviderSnapshot}s.
 */
final class RoutedProvider {

	private static final Log logger = LogFactory.getLog(RoutedProvider.class);

	private final int index;

	private final ProviderSettings settings;

	/** What its answers cost, and whether its budget lets it take more. */
	private final ProviderBudget budget;

	private final int priority;

	/** The weight and enabled flag operators set. */
	private final OperatorState operator;

	/** The wait a {@code Retry-After} asked for. */
	private final Cooldown cooldown;

	private final ProviderClient client;

	private final CircuitBreaker circuitBreaker;

	private final @Nullable Bulkhead bulkhead;

	private final Clock clock;

	private final ProviderStateListener listener;

	private final @Nullable ProviderRateLimiter rateLimiter;

	/** Its recent latency, for hedging delays and latency-aware shares. */
	private final LatencyStats latency;

	/** What its rate-limit headers leave; {@code null} when routing ignores them. */
	private final @Nullable RateLimitHeadroom headroom;

	/** The tier routing, which may learn from its answers. */
	private final TierRouting tierRouting;

	private volatile long openUntilMillis;

	/** Set while another instance's open circuit is applied here, to keep its end. */
	private volatile long sharedOpenUntilMillis;

	private volatile long limitedUntilMillis;

	private volatile @Nullable ProviderError lastError;

	RoutedProvider(int index, ProviderRoute route, ProviderClient client, CircuitBreaker circuitBreaker,
			@Nullable Bulkhead bulkhead, Clock clock, ProviderStateListener listener,
			@Nullable ProviderRateLimiter rateLimiter, SpendLedger ledger, HeaderRateLimits headerRateLimits,
			Duration latencyHalfLife, TierRouting tierRouting) {
		this.index = index;
		this.settings = route.settings();
		this.budget = new ProviderBudget(route.name(), route.price(), route.budget(), ledger, clock);
		this.priority = route.priority();
		this.operator = new OperatorState(route.name(), route.weight(), route.enabled());
		this.cooldown = new Cooldown(route.name(), clock, listener);
		this.client = client;
		this.circuitBreaker = circuitBreaker;
		this.bulkhead = bulkhead;
		this.clock = clock;
		this.listener = listener;
		this.latency = new LatencyStats(clock, latencyHalfLife);
		this.rateLimiter = (rateLimiter != null && rateLimiter.limits(route.name())) ? rateLimiter : null;
		this.headroom = headerRateLimits.enabled()
				? new RateLimitHeadroom(headerRateLimits, clock, this::holdForRateLimitHeaders) : null;
		this.tierRouting = tierRouting;
		// The breaker does not say when an open state ends; remember it to tell callers
		// when to come back.
		circuitBreaker.getEventPublisher().onStateTransition((event) -> {
			State from = event.getStateTransition().getFromState();
			State to = event.getStateTransition().getToState();
			logger.info("Circuit of LLM provider '" + name() + "' went from " + from + " to " + to);
			long shared = this.sharedOpenUntilMillis;
			this.openUntilMillis = (to != State.OPEN) ? 0 : (shared != 0) ? shared : this.clock.millis()
					+ circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
			if (to == State.OPEN) {
				this.listener.circuitOpened(name(), Instant.ofEpochMilli(this.openUntilMillis));
			}
			else if (to == State.CLOSED && (from == State.HALF_OPEN || from == State.OPEN)) {
				this.listener.circuitClosed(name());
			}
		});
	}

	int index() {
		return this.index;
	}

	String name() {
		return this.settings.name();
	}

	String type() {
		return this.settings.type();
	}

	String model() {
		return this.settings.model();
	}

	/**
	 * What this provider can do beyond text; requests that need more skip it.
	 * @return the capabilities
	 */
	Set<Capability> capabilities() {
		return this.settings.capabilities();
	}

	int priority() {
		return this.priority;
	}

	/**
	 * The weight in effect now, which operators may have changed.
	 * @return the weight; 0 takes the provider out of rotation
	 */
	int weight() {
		return this.operator.weight();
	}

	/**
	 * The weight in the configuration, which a reset returns to.
	 * @return the weight
	 */
	int configuredWeight() {
		return this.operator.configuredWeight();
	}

	CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Put a whole call through this provider's circuit breaker and, when it has one, its
	 * bulkhead. The bulkhead goes outside, unlike in Spring Cloud CircuitBreaker: a call
	 * it turns away never reached the provider and must not count as the breaker's
	 * success. The instances are resolved once, when the provider is built, rather than
	 * on every call.
	 * @param <T> the answer's type
	 * @param call the call, with its timeout
	 * @param panic whether the call is routed past the open circuit (see
	 * {@link PanicRouting}): the breaker then hears its outcome but does not refuse it
	 * @return the protected call
	 */
	<T> Mono<T> protect(Mono<T> call, boolean panic) {
		Mono<T> guarded = panic ? PastOpenCircuit.call(this.circuitBreaker, call)
				: call.transform(CircuitBreakerOperator.of(this.circuitBreaker));
		return (this.bulkhead != null) ? guarded.transform(BulkheadOperator.of(this.bulkhead)) : guarded;
	}

	/**
	 * Put a stream through this provider's circuit breaker; no bulkhead, since a stream
	 * holds a pooled connection for as long as it runs, so the pool bounds streams.
	 * @param <T> the chunks' type
	 * @param stream the stream, with its timeouts
	 * @param panic whether the stream is routed past the open circuit
	 * @return the protected stream
	 */
	<T> Flux<T> protectStream(Flux<T> stream, boolean panic) {
		return panic ? PastOpenCircuit.stream(this.circuitBreaker, stream)
				: stream.transform(CircuitBreakerOperator.of(this.circuitBreaker));
	}

	ProviderClient client() {
		return this.client;
	}

	/**
	 * Its recent latency: to a whole answer, or to a stream's first token.
	 * @return the statistics
	 */
	LatencyStats latency() {
		return this.latency;
	}

	/**
	 * Ask this provider for a whole answer, counted in flight for its rate-limit headers.
	 * @param request the request
	 * @return the answer
	 */
	Mono<Completion> complete(ChatRequest request) {
		Mono<Completion> call = this.client.complete(request);
		return (this.headroom != null) ? this.headroom.track(call) : call;
	}

	/**
	 * Ask this provider for a stream, counted in flight for its rate-limit headers.
	 * @param request the request
	 * @return the chunks
	 */
	Flux<ChatChunk> stream(ChatRequest request) {
		Flux<ChatChunk> stream = Flux.defer(() -> this.client.stream(request));
		return (this.headroom != null) ? this.headroom.track(stream) : stream;
	}

	/**
	 * Keep the provider out of rotation until its rate-limit window resets, because its
	 * headers say the budget is spent; shared with the listeners (the fleet) when the
	 * hold starts or grows.
	 * @param untilMillis when the window resets
	 */
	private void holdForRateLimitHeaders(long untilMillis) {
		long previous;
		synchronized (this) {
			previous = this.limitedUntilMillis;
			if (untilMillis <= previous) {
				return;
			}
			this.limitedUntilMillis = untilMillis;
		}
		this.listener.rateLimitReached(name(), Instant.ofEpochMilli(untilMillis));
		long now = this.clock.millis();
		if (HoldUntil.isNews(previous, untilMillis, now)) {
			logger.info("LLM provider '" + name() + "' has spent its rate limit, as its headers say; out of rotation"
					+ " for " + (untilMillis - now) + " ms");
		}
	}

	/**
	 * Mask this provider's secrets in a message.
	 * @param text the message
	 * @return the message without secrets
	 */
	String redact(@Nullable String text) {
		return this.settings.redact(text);
	}

	/**
	 * Apply an operator's change; it takes effect from the next request.
	 * @param change the change, already checked
	 */
	void apply(ProviderChange change) {
		applyChange(change);
		this.listener.operatorChanged(name(), change);
	}

	private void applyChange(ProviderChange change) {
		if (change.reset()) {
			reset();
			return;
		}
		this.operator.apply(change);
		if (change.circuitState() != null) {
			switch (change.circuitState()) {
				case FORCED_OPEN -> this.circuitBreaker.transitionToForcedOpenState();
				case CLOSED -> this.circuitBreaker.transitionToClosedState();
				case DISABLED -> this.circuitBreaker.transitionToDisabledState();
				default -> throw new IllegalStateException("Not a forceable state: " + change.circuitState());
			}
		}
	}

	/**
	 * Open the circuit until the given time, as if it had opened here: another instance
	 * saw the provider fail. Does nothing when the circuit is forced or disabled, or
	 * already open at least that long.
	 * @param until when the circuit lets trial calls through
	 */
	void openCircuitUntil(Instant until) {
		State state = this.circuitBreaker.getState();
		long untilMillis = until.toEpochMilli();
		boolean openLonger = state == State.OPEN && this.openUntilMillis >= untilMillis;
		if (untilMillis <= this.clock.millis() || openLonger
				|| (state != State.CLOSED && state != State.HALF_OPEN && state != State.OPEN)) {
			return;
		}
		this.sharedOpenUntilMillis = untilMillis;
		try {
			this.circuitBreaker.transitionToOpenStateUntil(until);
		}
		finally {
			this.sharedOpenUntilMillis = 0;
		}
	}

	/**
	 * Close the circuit if it is open or half-open: another instance saw the provider
	 * healthy again. Forced and disabled circuits stay as operators set them.
	 */
	void closeCircuit() {
		State state = this.circuitBreaker.getState();
		if (state == State.OPEN || state == State.HALF_OPEN) {
			this.circuitBreaker.transitionToClosedState();
		}
	}

	/**
	 * Keep the provider out of rotation until the given time, as a {@code Retry-After}
	 * would: another instance was asked to back off. A longer cooldown is kept.
	 * @param until when the cooldown ends
	 */
	void coolDownUntil(Instant until) {
		this.cooldown.coolDownUntil(until);
	}

	/**
	 * Return to the configured weight and enabled flag, a closed circuit, no cooldown and
	 * no last error.
	 */
	private void reset() {
		this.operator.reset();
		this.cooldown.clear();
		this.lastError = null;
		this.circuitBreaker.reset();
		logger
			.info("LLM provider '" + name() + "' reset to its configuration (weight " + this.operator.configuredWeight()
					+ ", enabled " + this.operator.configuredEnabled() + ", circuit CLOSED)");
	}

	/**
	 * What the provider looks like now in a model group (the registry of every provider
	 * is one), where it may have another priority and weight than its own.
	 * @param nowMillis the current time
	 * @param share its share of the group's new traffic at that time
	 * @param latencyShare why it gets that share, when its tier's shares follow latency
	 * @param priority its tier in the group
	 * @param weight its weight in the group now
	 * @param configuredWeight its weight in the group's configuration
	 * @return the snapshot
	 */
	ProviderSnapshot snapshot(long nowMillis, double share, @Nullable LatencyShare latencyShare, int priority,
			int weight, int configuredWeight) {
		float failureRate = this.circuitBreaker.getMetrics().getFailureRate();
		// User-info in the URL may hold credentials: the snapshot shows it masked.
		URI baseUrl = URI.create(ProviderSettings.maskUserInfo(this.settings.baseUrl().toString()));
		return new ProviderSnapshot(name(), this.settings.type(), model(), baseUrl, priority, weight, configuredWeight,
				share, this.operator.enabled(), weight > 0 && isInRotation(nowMillis), this.circuitBreaker.getState(),
				(failureRate < 0) ? null : failureRate, this.cooldown.until(nowMillis), rateLimitedUntil(nowMillis),
				this.lastError, this.budget.spend(nowMillis), this.settings.capabilities(), this.budget.budget(),
				this.budget.overBudgetUntil(nowMillis), this.latency.averages(), latencyShare,
				(this.headroom != null) ? this.headroom.lastRead() : null);
	}

	/**
	 * Whether the provider can take a new request now.
	 * @param nowMillis the current time
	 * @return {@code true} when enabled, weighted, not held back, and its circuit is not
	 * open
	 */
	boolean isInRotation(long nowMillis) {
		return this.operator.admits() && !isHeldBack(nowMillis) && !isCircuitOpen();
	}

	/**
	 * Whether a cooldown, its rate limit or its budget keeps the provider out of rotation
	 * for a while.
	 */
	private boolean isHeldBack(long nowMillis) {
		return this.cooldown.isCoolingDown(nowMillis) || this.limitedUntilMillis > nowMillis
				|| this.budget.heldBackUntilMillis() > nowMillis;
	}

	/**
	 * Whether the provider is out of rotation only because its circuit opened by itself:
	 * enabled, weighted, not cooling down, not held back by its rate limit or budget, and
	 * its circuit {@code OPEN} (not {@code FORCED_OPEN}).
	 * @param nowMillis the current time
	 * @return {@code true} if so
	 */
	boolean isOutOnlyForOpenCircuit(long nowMillis) {
		return this.operator.admits() && !isHeldBack(nowMillis) && this.circuitBreaker.getState() == State.OPEN;
	}

	boolean isCoolingDown(long nowMillis) {
		return this.cooldown.isCoolingDown(nowMillis);
	}

	private boolean isCircuitOpen() {
		State state = this.circuitBreaker.getState();
		return state == State.OPEN || state == State.FORCED_OPEN;
	}

	/**
	 * When the provider comes back into rotation by itself.
	 * @param nowMillis the current time
	 * @return the time in milliseconds, or {@link Long#MAX_VALUE} when only an operator
	 * can bring it back (disabled, weight 0, circuit forced open)
	 */
	long returnsAtMillis(long nowMillis) {
		if (!this.operator.admits() || this.circuitBreaker.getState() == State.FORCED_OPEN) {
			return Long.MAX_VALUE;
		}
		long returns = Math.max(Math.max(this.cooldown.untilMillis(), this.limitedUntilMillis),
				Math.max(this.budget.heldBackUntilMillis(), nowMillis));
		return (this.circuitBreaker.getState() == State.OPEN) ? Math.max(returns, this.openUntilMillis) : returns;
	}

	/**
	 * Why the provider is out of rotation, for error messages.
	 * @param nowMillis the current time
	 * @return a short reason
	 */
	String unavailableReason(long nowMillis) {
		String reason = this.operator.unavailableReason();
		if (reason == null) {
			reason = this.cooldown.unavailableReason(nowMillis);
		}
		if (reason != null) {
			return reason;
		}
		if (this.limitedUntilMillis > nowMillis) {
			return name() + " at its rate limit for "
					+ Math.max(1, Duration.ofMillis(this.limitedUntilMillis - nowMillis).toSeconds()) + "s";
		}
		String overBudget = this.budget.unavailableReason(nowMillis);
		if (overBudget != null) {
			return overBudget;
		}
		return name() + " circuit " + this.circuitBreaker.getState();
	}

	/**
	 * Keep the provider out of rotation for as long as it asked, unless it already is for
	 * longer.
	 * @param duration how long it asked to be left alone
	 * @see Cooldown#coolDown(Duration)
	 */
	void coolDown(Duration duration) {
		this.cooldown.coolDown(duration);
	}

	/**
	 * Until when its client-side rate limit keeps the provider out of rotation.
	 * @param nowMillis the current time
	 * @return the end of the full window, or {@code null} when it is not at its limit
	 */
	@Nullable Instant rateLimitedUntil(long nowMillis) {
		long until = this.limitedUntilMillis;
		return (until > nowMillis) ? Instant.ofEpochMilli(until) : null;
	}

	boolean hasRateLimit() {
		return this.rateLimiter != null;
	}

	/**
	 * Ask the rate limiter for one request; a refusal takes the provider out of rotation
	 * until its window ends.
	 * @return whether the request may go
	 */
	Mono<Boolean> acquirePermit() {
		ProviderRateLimiter limiter = this.rateLimiter;
		if (limiter == null) {
			return Mono.just(true);
		}
		return limiter.acquire(name()).map((decision) -> {
			if (!decision.granted()) {
				// A window that ended meanwhile still refuses this once: never retry at
				// once.
				limitUntil(Math.max(decision.retryAtMillis(), this.clock.millis() + 1));
			}
			return decision.granted();
		});
	}

	private synchronized void limitUntil(long untilMillis) {
		this.limitedUntilMillis = Math.max(this.limitedUntilMillis, untilMillis);
	}

	/**
	 * Count an answer's tokens against the provider's tokens-per-minute limit, and tell
	 * the tier routing.
	 * @param usage the answer's usage
	 */
	void recordUsage(@Nullable TokenUsage usage) {
		if (usage != null) {
			this.tierRouting.recordAnswer(name(), usage);
		}
		ProviderRateLimiter limiter = this.rateLimiter;
		if (limiter != null && usage != null && usage.totalTokens() > 0) {
			limiter.recordTokens(name(), usage.totalTokens());
		}
		RateLimitHeadroom headroom = this.headroom;
		if (headroom != null && usage != null && usage.totalTokens() > 0) {
			headroom.recordTokens(usage.totalTokens());
		}
	}

	/**
	 * What an answer of this provider cost, added to its spend of the day and month. A
	 * spend that reaches the budget takes the provider out of rotation until its period
	 * ends.
	 * @param usage the answer's usage
	 * @return the cost, or {@code null} when this provider has no price or the answer no
	 * usage
	 */
	@Nullable Cost charge(@Nullable TokenUsage usage) {
		return this.budget.charge(usage);
	}

	boolean hasBudget() {
		return this.budget.hasBudget();
	}

	/**
	 * Check the provider's spend against its budget before a call.
	 * @return whether the call may go
	 * @see ProviderBudget#check()
	 */
	Mono<Boolean> checkBudget() {
		return this.budget.check();
	}

	void recordError(AttemptOutcome outcome, int status, String message) {
		this.lastError = new ProviderError(this.clock.instant(), outcome, status, message);
	}

	@Override
	public String toString() {
		return "RoutedProvider{" + name() + ", priority=" + this.priority + ", weight=" + weight() + "}";
	}

}
