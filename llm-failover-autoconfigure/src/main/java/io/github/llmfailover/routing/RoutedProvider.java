package io.github.llmfailover.routing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
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
 * One provider as routing sees it: its client and the calls made through its circuit
 * breaker and bulkhead, and whether it is in rotation now. That answer combines what
 * operators set ({@link OperatorState}), its circuit ({@link CircuitWatch}), a
 * {@code Retry-After} cooldown ({@link Cooldown}), its rate limits
 * ({@link RateLimitGate}) and its budget ({@link ProviderBudget}), each kept by its own
 * class, where each rule is documented and tested; most methods here pass on to them.
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

	int weight() {
		return this.operator.weight();
	}

	int configuredWeight() {
		return this.operator.configuredWeight();
	}

	CircuitBreaker circuitBreaker() {
		return this.circuit.breaker();
	}

	/**
	 * Its recent latency: to a whole answer, or to a stream's first token.
	 * @return the statistics
	 */
	LatencyStats latency() {
		return this.latency;
	}

	/**
	 * Mask this provider's secrets in a message.
	 * @param text the message
	 * @return the message without secrets
	 */
	String redact(@Nullable String text) {
		return this.settings.redact(text);
	}

	<T> Mono<T> protect(Mono<T> call, boolean panic) {
		return this.calls.protect(call, panic);
	}

	<T> Flux<T> protectStream(Flux<T> stream, boolean panic) {
		return this.calls.protectStream(stream, panic);
	}

	Mono<Completion> complete(ChatRequest request) {
		return this.calls.complete(request);
	}

	Flux<ChatChunk> stream(ChatRequest request) {
		return this.calls.stream(request);
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

	void openCircuitUntil(Instant until) {
		this.circuit.openUntil(until);
	}

	void closeCircuit() {
		this.circuit.close();
	}

	void coolDownUntil(Instant until) {
		this.cooldown.coolDownUntil(until);
	}

	void coolDown(Duration duration) {
		this.cooldown.coolDown(duration);
	}

	boolean isCoolingDown(long nowMillis) {
		return this.cooldown.isCoolingDown(nowMillis);
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
		return new ProviderSnapshot(name(), type(), model(), baseUrl, priority, weight, configuredWeight, share,
				this.operator.enabled(), weight > 0 && isInRotation(nowMillis), this.circuit.state(),
				this.circuit.failureRate(), this.cooldown.until(nowMillis), this.rateLimits.until(nowMillis),
				this.lastError, this.budget.spend(nowMillis), capabilities(), this.budget.budget(),
				this.budget.overBudgetUntil(nowMillis), this.latency.averages(), latencyShare,
				this.rateLimits.lastRead());
	}

	boolean isInRotation(long nowMillis) {
		return this.availability.isInRotation(nowMillis);
	}

	boolean isOutOnlyForOpenCircuit(long nowMillis) {
		return this.availability.isOutOnlyForOpenCircuit(nowMillis);
	}

	long returnsAtMillis(long nowMillis) {
		return this.availability.returnsAtMillis(nowMillis);
	}

	String unavailableReason(long nowMillis) {
		return this.availability.unavailableReason(nowMillis);
	}

	boolean hasRateLimit() {
		return this.rateLimits.hasLimiter();
	}

	Mono<Boolean> acquirePermit() {
		return this.rateLimits.acquirePermit();
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

	@Nullable Cost charge(@Nullable TokenUsage usage) {
		return this.budget.charge(usage);
	}

	boolean hasBudget() {
		return this.budget.hasBudget();
	}

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
