package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.cost.LocalSpendLedger;
import io.github.llmfailover.cost.Price;
import io.github.llmfailover.cost.SpendCalendar;
import io.github.llmfailover.cost.SpendLedger;
import io.github.llmfailover.provider.ProviderClient;

/**
 * The settings of a {@link ProviderRegistry} being built, and its assembly: each
 * provider's circuit breaker, bulkhead and {@link RoutedProvider}, the listeners, rate
 * limiter and spend ledger they share, and the {@link ModelGroups}. Applications use it
 * as {@link ProviderRegistry.Builder}, its only subclass, which keeps that public name
 * while the code lives here, as {@code StringBuilder} does with its package-private base.
 */
abstract sealed class ProviderRegistryBuilder permits ProviderRegistry.Builder {

	/**
	 * A tag on each provider's breaker and bulkhead, naming the provider; Resilience4j's
	 * metrics carry it. The one Spring Cloud CircuitBreaker gave its instances, kept so
	 * that dashboards grouping by it still work.
	 */
	private static final String GROUP_TAG = "group";

	private final CircuitBreakerRegistry circuitBreakers;

	private final List<ProviderRoute> routes = new ArrayList<>();

	private final List<ProviderFactory> providers = new ArrayList<>();

	private @Nullable BulkheadRegistry bulkheads;

	private Map<String, Integer> maxConcurrentCalls = Map.of();

	private Clock clock = Clock.systemUTC();

	private List<ProviderStateListener> listeners = List.of();

	private @Nullable ProviderRateLimiter rateLimiter;

	private PanicRouting panicRouting = PanicRouting.openCircuits();

	private final Map<String, List<GroupMember>> groups = new LinkedHashMap<>();

	private @Nullable String defaultGroup;

	private @Nullable SpendLedger spendLedger;

	private HeaderRateLimits headerRateLimits = HeaderRateLimits.of(0, 0, Duration.ofSeconds(60));

	private TierRouting tierRouting = TierRouting.weighted();

	private LatencyAwareShares latencyShares = LatencyAwareShares.off();

	ProviderRegistryBuilder(CircuitBreakerRegistry circuitBreakers) {
		this.circuitBreakers = circuitBreakers;
	}

	/**
	 * Use another clock for cooldowns and reported times.
	 * @param clock the clock
	 * @return this builder
	 */
	public ProviderRegistry.Builder clock(Clock clock) {
		this.clock = clock;
		return self();
	}

	/**
	 * Choose which providers may serve anyway when none that could serve a request is in
	 * rotation; {@link PanicRouting#openCircuits()} unless set.
	 * @param panicRouting the strategy, {@link PanicRouting#off()} to fail fast instead
	 * @return this builder
	 */
	public ProviderRegistry.Builder panicRouting(PanicRouting panicRouting) {
		this.panicRouting = panicRouting;
		return self();
	}

	/**
	 * Limit each provider's concurrent calls with a Resilience4j bulkhead of its name in
	 * the given registry. A call over the limit does not wait: it fails over at once.
	 * Without bulkheads, calls are not limited.
	 * @param bulkheads the registry; the application's, so that its metrics and actuator
	 * views include the providers
	 * @param maxConcurrentCalls the limit of each provider by name; one without gets the
	 * registry's default configuration
	 * @return this builder
	 */
	public ProviderRegistry.Builder bulkheads(BulkheadRegistry bulkheads, Map<String, Integer> maxConcurrentCalls) {
		this.bulkheads = bulkheads;
		this.maxConcurrentCalls = Map.copyOf(maxConcurrentCalls);
		return self();
	}

	/**
	 * Tell these listeners when a provider's circuit opens or closes, it cools down, or
	 * an operator changes it.
	 * @param listeners the listeners, called in order
	 * @return this builder
	 */
	public ProviderRegistry.Builder listeners(List<ProviderStateListener> listeners) {
		this.listeners = List.copyOf(listeners);
		return self();
	}

	/**
	 * Count requests and tokens of the providers this limiter
	 * {@linkplain ProviderRateLimiter#limits(String) limits}. Without one, no provider is
	 * limited.
	 * @param rateLimiter the limiter, or {@code null} for none
	 * @return this builder
	 */
	public ProviderRegistry.Builder rateLimiter(@Nullable ProviderRateLimiter rateLimiter) {
		this.rateLimiter = rateLimiter;
		return self();
	}

	/**
	 * Add up the providers' spend, and check their budgets, in this ledger. Without one,
	 * each instance counts its own in memory, in UTC days and months.
	 * @param spendLedger the ledger, or {@code null} for the default
	 * @return this builder
	 */
	public ProviderRegistry.Builder spendLedger(@Nullable SpendLedger spendLedger) {
		this.spendLedger = spendLedger;
		return self();
	}

	/**
	 * Choose whether providers leave rotation when their rate-limit headers say their
	 * budget is spent; on, with no reserve and holds of at most 60 seconds, unless set.
	 * @param headerRateLimits the strategy, {@link HeaderRateLimits#off()} to ignore the
	 * headers
	 * @return this builder
	 */
	public ProviderRegistry.Builder headerRateLimits(HeaderRateLimits headerRateLimits) {
		this.headerRateLimits = headerRateLimits;
		return self();
	}

	/**
	 * Choose how a request picks among the providers of its tier;
	 * {@link TierRouting#weighted()} unless set. In a model group, a provider's tier is
	 * its priority in the group.
	 * @param tierRouting the strategy
	 * @return this builder
	 */
	public ProviderRegistry.Builder tierRouting(TierRouting tierRouting) {
		this.tierRouting = tierRouting;
		return self();
	}

	/**
	 * Choose whether the shares inside some tiers follow the providers' recent latency;
	 * by weight alone unless set. In a model group, a provider's tier is its priority in
	 * the group.
	 * @param latencyShares the strategy
	 * @return this builder
	 */
	public ProviderRegistry.Builder latencyAwareShares(LatencyAwareShares latencyShares) {
		this.latencyShares = latencyShares;
		return self();
	}

	/**
	 * Add a provider. Its circuit breaker and bulkhead are created now, under the
	 * provider's name, so that their state and metrics exist before the first call.
	 * @param route how routing treats the provider
	 * @param client its client
	 * @return this builder
	 */
	public ProviderRegistry.Builder add(ProviderRoute route, ProviderClient client) {
		String name = route.name();
		Map<String, String> tags = Map.of(GROUP_TAG, name);
		CircuitBreaker breaker = this.circuitBreakers.circuitBreaker(name,
				route.circuitBreaker().toCircuitBreakerConfig(), tags);
		int index = this.providers.size();
		Bulkhead bulkhead = bulkhead(name, tags);
		this.routes.add(route);
		this.providers
			.add((listener, limiter, ledger) -> new RoutedProvider(index, route, client, breaker, bulkhead, this.clock,
					listener, limiter, ledger, this.headerRateLimits, this.latencyShares.halfLife(), this.tierRouting));
		return self();
	}

	private @Nullable Bulkhead bulkhead(String name, Map<String, String> tags) {
		if (this.bulkheads == null) {
			return null;
		}
		Integer limit = this.maxConcurrentCalls.get(name);
		if (limit == null) {
			return this.bulkheads.bulkhead(name, tags);
		}
		return this.bulkheads.bulkhead(name,
				BulkheadConfig.custom().maxConcurrentCalls(limit).maxWaitDuration(Duration.ZERO).build(), tags);
	}

	/**
	 * Add a model group: some of the providers, each at the priority and weight it has in
	 * the group. A provider may be in several groups; its circuit breaker, cooldown, rate
	 * limit and operator changes are the same in all of them.
	 * @param name the group's name
	 * @param members its providers, which must be added too (before or after)
	 * @return this builder
	 */
	public ProviderRegistry.Builder group(String name, List<GroupMember> members) {
		if (members.isEmpty()) {
			throw new IllegalArgumentException("Model group '" + name + "' has no providers");
		}
		this.groups.put(name, List.copyOf(members));
		return self();
	}

	/**
	 * Serve the requests that name no group with the given group. Unset, the
	 * {@value ProviderRegistry#DEFAULT_GROUP} group serves them: one added under that
	 * name, else every provider at its own priority and weight.
	 * @param name the name of an added group
	 * @return this builder
	 */
	public ProviderRegistry.Builder defaultGroup(String name) {
		this.defaultGroup = name;
		return self();
	}

	/**
	 * Build the registry of every provider at its own priority and weight, with its
	 * {@linkplain ProviderRegistry#groups() groups}.
	 * @return the registry
	 * @throws IllegalArgumentException if there are more than
	 * {@value ProviderRegistry#MAX_PROVIDERS} providers, a group names a provider that
	 * was not added, or the default group was not added
	 */
	public ProviderRegistry build() {
		ProviderStateListener listener = this.listeners.isEmpty() ? ProviderStateListeners.NONE
				: new ProviderStateListeners(this.listeners);
		SpendLedger ledger = (this.spendLedger != null) ? this.spendLedger : localLedger();
		List<RoutedProvider> providers = this.providers.stream()
			.map((provider) -> provider.create(listener, this.rateLimiter, ledger))
			.toList();
		return ModelGroups.build(providers, this.groups, this.defaultGroup,
				(name, members, groups) -> new ProviderRegistry(name, members, providers.size(), this.panicRouting,
						this.clock, groups, this.tierRouting, this.latencyShares, this.routes));
	}

	private SpendLedger localLedger() {
		Map<String, Currency> currencies = new LinkedHashMap<>();
		for (ProviderRoute route : this.routes) {
			Price price = route.price();
			if (price != null) {
				currencies.put(route.name(), price.currency());
			}
		}
		return new LocalSpendLedger(currencies, SpendCalendar.UTC);
	}

	private ProviderRegistry.Builder self() {
		// The class is sealed to this one subclass.
		return (ProviderRegistry.Builder) this;
	}

	@FunctionalInterface
	private interface ProviderFactory {

		RoutedProvider create(ProviderStateListener listener, @Nullable ProviderRateLimiter rateLimiter,
				SpendLedger ledger);

	}

}
