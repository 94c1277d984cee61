package io.github.llmfailover.routing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.cost.SpendLedger;
import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderSettings;

/**
 * One provider as routing sees it: the parts that each keep one of its rules, built
 * together and wired to each other. Its calls go through {@link ProviderCalls} (circuit
 * breaker and bulkhead); whether it is in rotation is {@link Availability}'s answer,
 * which combines what operators set ({@link OperatorState}), its circuit
 * ({@link CircuitWatch}), a {@code Retry-After} cooldown ({@link Cooldown}), its rate
 * limits ({@link RateLimitGate}) and its budget ({@link ProviderBudget}). Routing asks
 * those parts directly; this class keeps only what spans several of them: an operator's
 * change and reset, the snapshot, and what an answer's usage and an error leave behind.
 * Operators steer it through {@link ProviderRegistry#update}; everything else sees it
 * through {@link ProviderSnapshot}s.
 */
final class RoutedProvider {

	private static final Log logger = LogFactory.getLog(RoutedProvider.class);

	private final int index;

	private final ProviderSettings settings;

	private final int priority;

	private final Clock clock;

	private final ProviderStateListener listener;

	private final OperatorState operator;

	private final CircuitWatch circuit;

	private final Cooldown cooldown;

	private final RateLimitGate rateLimits;

	private final ProviderBudget budget;

	private final ProviderCalls calls;

	private final Availability availability;

	/** Its recent latency, for hedging delays and latency-aware shares. */
	private final LatencyStats latency;

	/** The tier routing, which may learn from its answers. */
	private final TierRouting tierRouting;

	private volatile @Nullable ProviderError lastError;

	RoutedProvider(int index, ProviderRoute route, ProviderClient client, CircuitBreaker circuitBreaker,
			@Nullable Bulkhead bulkhead, Clock clock, ProviderStateListener listener,
			@Nullable ProviderRateLimiter rateLimiter, SpendLedger ledger, HeaderRateLimits headerRateLimits,
			Duration latencyHalfLife, TierRouting tierRouting) {
		String name = route.name();
		this.index = index;
		this.settings = route.settings();
		this.priority = route.priority();
		this.clock = clock;
		this.listener = listener;
		this.operator = new OperatorState(name, route.weight(), route.enabled());
		this.circuit = new CircuitWatch(name, circuitBreaker, clock, listener);
		this.cooldown = new Cooldown(name, clock, listener);
		this.rateLimits = new RateLimitGate(name, rateLimiter, headerRateLimits, clock, listener);
		this.budget = new ProviderBudget(name, route.price(), route.budget(), ledger, clock);
		this.calls = new ProviderCalls(client, circuitBreaker, bulkhead, this.rateLimits);
		this.availability = new Availability(this.operator, this.circuit,
				List.of(this.cooldown, this.rateLimits, this.budget));
		this.latency = new LatencyStats(clock, latencyHalfLife);
		this.tierRouting = tierRouting;
	}

	int index() {
		return this.index;
	}

	String name() {
		return this.settings.name();
	}

	int priority() {
		return this.priority;
	}

	/**
	 * Its recent latency: to a whole answer, or to a stream's first token.
	 * @return the statistics
	 */
	LatencyStats latency() {
		return this.latency;
	}

	/**
	 * Its configuration: type, model, capabilities, and the secrets to mask in messages.
	 * @return the settings
	 */
	ProviderSettings settings() {
		return this.settings;
	}

	/**
	 * What operators set on it: its weight now and in the configuration.
	 * @return the operator state
	 */
	OperatorState operator() {
		return this.operator;
	}

	/**
	 * Its circuit breaker and what routing remembers of it.
	 * @return the circuit
	 */
	CircuitWatch circuit() {
		return this.circuit;
	}

	/**
	 * Its {@code Retry-After} cooldown.
	 * @return the cooldown
	 */
	Cooldown cooldown() {
		return this.cooldown;
	}

	/**
	 * Its rate limits: the rate limiter's permits and what its headers leave.
	 * @return the rate limits
	 */
	RateLimitGate rateLimits() {
		return this.rateLimits;
	}

	/**
	 * What its answers cost and whether its budget lets it take more.
	 * @return the budget
	 */
	ProviderBudget budget() {
		return this.budget;
	}

	/**
	 * The calls to it, behind its circuit breaker and bulkhead.
	 * @return the calls
	 */
	ProviderCalls calls() {
		return this.calls;
	}

	/**
	 * Whether it is in rotation, when it comes back, and why it is out.
	 * @return the availability
	 */
	Availability availability() {
		return this.availability;
	}

	/**
	 * Apply an operator's change; it takes effect from the next request.
	 * @param change the change, already checked
	 */
	void apply(ProviderChange change) {
		if (change.reset()) {
			reset();
		}
		else {
			this.operator.apply(change);
			State circuitState = change.circuitState();
			if (circuitState != null) {
				this.circuit.force(circuitState);
			}
		}
		this.listener.operatorChanged(name(), change);
	}

	/**
	 * Return to the configured weight and enabled flag, a closed circuit, no cooldown and
	 * no last error.
	 */
	private void reset() {
		this.operator.reset();
		this.cooldown.clear();
		this.lastError = null;
		this.circuit.reset();
		logger.info("LLM provider '" + name() + "' reset to its configuration (" + this.operator.configuration()
				+ ", circuit CLOSED)");
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
		// User-info in the URL may hold credentials: the snapshot shows it masked.
		URI baseUrl = URI.create(ProviderSettings.maskUserInfo(this.settings.baseUrl().toString()));
		return new ProviderSnapshot(name(), this.settings.type(), this.settings.model(), baseUrl, priority, weight,
				configuredWeight, share, this.operator.enabled(),
				weight > 0 && this.availability.isInRotation(nowMillis), this.circuit.state(),
				this.circuit.failureRate(), this.cooldown.until(nowMillis), this.rateLimits.until(nowMillis),
				this.lastError, this.budget.spend(nowMillis), this.settings.capabilities(), this.budget.budget(),
				this.budget.overBudgetUntil(nowMillis), this.latency.averages(), latencyShare,
				this.rateLimits.lastRead());
	}

	/**
	 * Tell the tier routing about an answer's usage, and count its tokens against the
	 * provider's rate limits.
	 * @param usage the answer's usage
	 */
	void recordUsage(@Nullable TokenUsage usage) {
		if (usage != null) {
			this.tierRouting.recordAnswer(name(), usage);
			this.rateLimits.recordTokens(usage.totalTokens());
		}
	}

	void recordError(AttemptOutcome outcome, int status, String message) {
		this.lastError = new ProviderError(this.clock.instant(), outcome, status, message);
	}

	@Override
	public String toString() {
		return "RoutedProvider{" + name() + ", priority=" + this.priority + ", weight=" + this.operator.weight() + "}";
	}

}
