package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.cost.LocalSpendLedger;
import io.github.llmfailover.cost.Price;
import io.github.llmfailover.cost.SpendCalendar;
import io.github.llmfailover.cost.SpendLedger;
import io.github.llmfailover.provider.ProviderClient;

/**
 * The configured providers, ordered by priority, and the choice among them: the lowest
 * priority tier that still has a provider in rotation serves, by weighted random inside
 * the tier among the providers its {@link TierRouting} ranks first for the request (the
 * weights adjusted by {@link LatencyAwareShares} in the tiers that follow latency, see
 * {@link TierShares}); providers a request already tried go last. When none that could
 * serve a request is in rotation, the {@link PanicMode} may admit some anyway, chosen the
 * same way.
 * <p>
 * A registry also routes each model group: the same providers, with their circuit
 * breakers, cooldowns, rate limits and operator changes shared, seen with the priority
 * and weight each has in the group. {@link #groups()} gives a registry per group; the
 * registry of every provider at its own priority and weight is the
 * {@value #DEFAULT_GROUP} group unless the configuration names another default.
 */
public final class ProviderRegistry {

	/**
	 * The name of the group of every provider at its own priority and weight, the default
	 * group unless the configuration names another.
	 */
	public static final String DEFAULT_GROUP = "default";

	/** A member's weight that follows the provider's own. */
	private static final int OWN_WEIGHT = -1;

	/**
	 * How many providers a registry can hold: a request tracks the providers it tried as
	 * bits of a {@code long}.
	 */
	public static final int MAX_PROVIDERS = Long.SIZE;

	/**
	 * A tag on each provider's breaker and bulkhead, naming the provider; Resilience4j's
	 * metrics carry it. The one Spring Cloud CircuitBreaker gave its instances, kept so
	 * that dashboards grouping by it still work.
	 */
	private static final String GROUP_TAG = "group";

	private final String name;

	private final RoutedProvider[] byPriority;

	/** Each member's priority in this group, in the order of {@link #byPriority}. */
	private final int[] priorities;

	/** Each member's weight in this group, or {@link #OWN_WEIGHT}. */
	private final int[] weights;

	/** How many providers the whole registry has: requests index them all. */
	private final int indexSpace;

	private final Groups groups;

	/** Which providers a request may be routed to in normal times. */
	private static final Admission IN_ROTATION = RoutedProvider::isInRotation;

	private final Map<String, RoutedProvider> byName;

	private final Clock clock;

	private final PanicMode panic;

	private final Admission panicAdmission;

	private final TierRouting tierRouting;

	/** How a tier's requests split among its candidates. */
	private final TierShares tierShares;

	/**
	 * Every provider's route by index, each member's at its priority in this group, for
	 * the tier routing.
	 */
	private final List<ProviderRoute> routes;

	private ProviderRegistry(String name, List<Member> members, int indexSpace, PanicRouting panicRouting, Clock clock,
			Groups groups, TierRouting tierRouting, LatencyAwareShares latencyShares, List<ProviderRoute> routes) {
		if (indexSpace > MAX_PROVIDERS) {
			throw new IllegalArgumentException("At most " + MAX_PROVIDERS + " providers are supported");
		}
		Member[] sorted = members.stream().sorted(Comparator.comparingInt(Member::priority)).toArray(Member[]::new);
		this.name = name;
		this.byPriority = Arrays.stream(sorted).map(Member::provider).toArray(RoutedProvider[]::new);
		this.priorities = Arrays.stream(sorted).mapToInt(Member::priority).toArray();
		this.weights = Arrays.stream(sorted).mapToInt(Member::weight).toArray();
		this.indexSpace = indexSpace;
		this.groups = groups;
		Map<String, RoutedProvider> names = new LinkedHashMap<>();
		members.forEach((member) -> names.put(member.provider().name(), member.provider()));
		this.byName = Map.copyOf(names);
		this.clock = clock;
		this.panic = new PanicMode(List.of(this.byPriority), panicRouting, clock);
		this.panicAdmission = this.panic::admits;
		this.tierRouting = tierRouting;
		this.tierShares = new TierShares(latencyShares);
		ProviderRoute[] inGroup = routes.toArray(ProviderRoute[]::new);
		members.forEach((member) -> inGroup[member.provider().index()] = inGroup[member.provider().index()]
			.atPriority(member.priority()));
		this.routes = List.of(inGroup);
	}

	/**
	 * Rank the providers for a request, once, before its first attempt.
	 * @param request the request
	 * @return the rank of each provider by index, or {@code null} when weights alone
	 * decide
	 */
	double @Nullable [] ranks(ChatRequest request) {
		return this.tierRouting.rank(request, this.routes);
	}

	/**
	 * The model group this registry routes.
	 * @return its name; {@value #DEFAULT_GROUP} for the registry of every provider
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The model groups the application routes, by name, in the order configured: each a
	 * registry of its providers. Without groups configured, only the
	 * {@value #DEFAULT_GROUP} group of every provider.
	 * @return the groups, the same from every group's registry
	 */
	public Map<String, ProviderRegistry> groups() {
		return this.groups.view;
	}

	/**
	 * The registry of one model group.
	 * @param name the group's name
	 * @return the group, or empty if there is none of that name
	 */
	public Optional<ProviderRegistry> group(String name) {
		return Optional.ofNullable(this.groups.byName.get(name));
	}

	/**
	 * The group that serves requests that name none.
	 * @return the default group's registry
	 */
	public ProviderRegistry defaultGroup() {
		return Objects.requireNonNull(this.groups.byName.get(this.groups.defaultName), "added by the builder");
	}

	/**
	 * The weight of a member in this group now.
	 * @param position its position in {@link #byPriority}
	 */
	private int weightAt(int position) {
		int weight = this.weights[position];
		return (weight == OWN_WEIGHT) ? this.byPriority[position].weight() : weight;
	}

	/**
	 * Every provider as it is now, lowest priority first, all taken at the same moment.
	 * @return the snapshots
	 */
	public List<ProviderSnapshot> providers() {
		long nowMillis = this.clock.millis();
		Map<String, LatencyShare> latencyShares = new LinkedHashMap<>();
		Map<String, Double> shares = shares(nowMillis, latencyShares);
		List<ProviderSnapshot> snapshots = new ArrayList<>(this.byPriority.length);
		for (int i = 0; i < this.byPriority.length; i++) {
			String name = this.byPriority[i].name();
			snapshots.add(snapshot(i, nowMillis, shares.getOrDefault(name, 0.0), latencyShares.get(name)));
		}
		return snapshots;
	}

	private ProviderSnapshot snapshot(int position, long nowMillis, double share, @Nullable LatencyShare latencyShare) {
		RoutedProvider provider = this.byPriority[position];
		int weight = this.weights[position];
		return provider.snapshot(nowMillis, share, latencyShare, this.priorities[position], weightAt(position),
				(weight == OWN_WEIGHT) ? provider.configuredWeight() : weight);
	}

	/**
	 * How many providers this group routes over.
	 * @return the count
	 */
	int size() {
		return this.byPriority.length;
	}

	/**
	 * How many providers the whole registry has, which is more than {@link #size()} for a
	 * group of some of them: the bits of a request's tried and excluded providers go up
	 * to it.
	 * @return the count
	 */
	int indexSpace() {
		return this.indexSpace;
	}

	/**
	 * The live provider of the given name, for routing's own use.
	 * @param name the name
	 * @return the provider
	 * @throws NoSuchElementException if there is none of that name
	 */
	RoutedProvider get(String name) {
		RoutedProvider provider = this.byName.get(name);
		if (provider == null) {
			throw new NoSuchElementException("No LLM provider named '" + name + "'");
		}
		return provider;
	}

	/**
	 * The provider of the given name as it is now.
	 * @param name the name in the configuration
	 * @return the snapshot, or empty if there is no provider of that name
	 */
	public Optional<ProviderSnapshot> find(String name) {
		for (int i = 0; i < this.byPriority.length; i++) {
			if (this.byPriority[i].name().equals(name)) {
				long nowMillis = this.clock.millis();
				Map<String, LatencyShare> latencyShares = new LinkedHashMap<>();
				double share = shares(nowMillis, latencyShares).getOrDefault(name, 0.0);
				return Optional.of(snapshot(i, nowMillis, share, latencyShares.get(name)));
			}
		}
		return Optional.empty();
	}

	/**
	 * Apply an operator's change to one provider. It takes effect from the next request;
	 * requests under way finish where they are.
	 * @param name the provider's name in the configuration
	 * @param change the change
	 * @return the provider after the change, or empty if there is no provider of that
	 * name
	 */
	public Optional<ProviderSnapshot> update(String name, ProviderChange change) {
		RoutedProvider provider = this.byName.get(name);
		if (provider == null) {
			return Optional.empty();
		}
		provider.apply(change);
		return find(name);
	}

	/**
	 * Open a provider's circuit until the given time, because another instance saw it
	 * fail (fleet mode). Its trial calls start then, as if it had opened here. Circuits
	 * forced or disabled by an operator are left alone.
	 * @param name the provider's name
	 * @param until when the circuit lets trial calls through
	 * @return {@code false} if there is no provider of that name
	 */
	public boolean openCircuitUntil(String name, Instant until) {
		return with(name, (provider) -> provider.openCircuitUntil(until));
	}

	/**
	 * Close a provider's circuit if it is open or half-open, because another instance saw
	 * it healthy again (fleet mode).
	 * @param name the provider's name
	 * @return {@code false} if there is no provider of that name
	 */
	public boolean closeCircuit(String name) {
		return with(name, RoutedProvider::closeCircuit);
	}

	/**
	 * Keep a provider out of rotation until the given time, because another instance was
	 * asked to back off (fleet mode). A longer cooldown already running is kept.
	 * @param name the provider's name
	 * @param until when the cooldown ends
	 * @return {@code false} if there is no provider of that name
	 */
	public boolean coolDownUntil(String name, Instant until) {
		return with(name, (provider) -> provider.coolDownUntil(until));
	}

	private boolean with(String name, Consumer<RoutedProvider> change) {
		RoutedProvider provider = this.byName.get(name);
		if (provider != null) {
			change.accept(provider);
		}
		return provider != null;
	}

	/**
	 * Whether requests are routed past open circuits now, and how many were.
	 * @return the panic mode
	 */
	public PanicMode panic() {
		return this.panic;
	}

	/**
	 * The fraction of new traffic each provider gets now, given tiers, weights, circuits
	 * and cooldowns, latency where shares follow it, and panic routing when no provider
	 * is in rotation.
	 * @return the share of each provider by name, lowest priority first, 0 for those that
	 * get none
	 */
	public Map<String, Double> shares() {
		return shares(this.clock.millis(), null);
	}

	Map<String, Double> shares(long nowMillis) {
		return shares(nowMillis, null);
	}

	/**
	 * The shares now, and why each provider of a serving tier that follows latency gets
	 * its share.
	 * @param nowMillis the current time
	 * @param latencyShares where to put the why, by provider name, or {@code null}
	 */
	private Map<String, Double> shares(long nowMillis, @Nullable Map<String, LatencyShare> latencyShares) {
		Map<String, Double> shares = new LinkedHashMap<>();
		Arrays.stream(this.byPriority).forEach((provider) -> shares.put(provider.name(), 0.0));
		Admission admission = IN_ROTATION;
		int[] tier = servingTier(admission, nowMillis, 0, 0, false);
		if (tier == null) {
			admission = this.panicAdmission;
			tier = servingTier(admission, nowMillis, 0, 0, false);
		}
		if (tier != null) {
			// The ranks of a typical request: a cheapest-first tier's share goes to its
			// cheapest providers.
			long skip = aboveLowestRank(tier, this.tierRouting.rank(null, this.routes), admission, nowMillis, 0, 0,
					false);
			int[] weights = candidateWeights(tier, admission, nowMillis, 0, skip, false);
			this.tierShares.describe(this.priorities[tier[0]], weights, this.byPriority, tier[0], shares,
					latencyShares);
		}
		return shares;
	}

	/**
	 * The weight of each provider of a tier, 0 for those that are not candidates.
	 */
	private int[] candidateWeights(int[] tier, Admission admission, long nowMillis, long tried, long excluded,
			boolean untriedOnly) {
		int[] weights = new int[tier[1] - tier[0]];
		for (int i = tier[0]; i < tier[1]; i++) {
			if (isCandidate(i, admission, nowMillis, tried, excluded, untriedOnly)) {
				weights[i - tier[0]] = weightAt(i);
			}
		}
		return weights;
	}

	/**
	 * Choose the provider for the next attempt of a request.
	 * @param nowMillis the current time
	 * @param tried the providers this request already called, as bits of their index
	 * @param excluded the providers this request must not call again
	 * @return the provider, or {@code null} when none is in rotation
	 */
	@Nullable RoutedProvider select(long nowMillis, long tried, long excluded) {
		return select(nowMillis, tried, excluded, null);
	}

	/**
	 * Choose the provider for the next attempt of a request, among the providers of the
	 * serving tier that rank first for it.
	 * @param nowMillis the current time
	 * @param tried the providers this request already called, as bits of their index
	 * @param excluded the providers this request must not call again
	 * @param ranks the request's {@link #ranks(ChatRequest) ranks}, or {@code null}
	 * @return the provider, or {@code null} when none is in rotation
	 */
	@Nullable RoutedProvider select(long nowMillis, long tried, long excluded, double @Nullable [] ranks) {
		RoutedProvider provider = select(IN_ROTATION, nowMillis, tried, excluded, ranks);
		if (provider != null) {
			this.panic.routedNormally(provider, nowMillis);
		}
		return provider;
	}

	/**
	 * Choose a provider out of rotation for the next attempt of a request that found none
	 * in rotation, if the panic mode admits one.
	 * @param nowMillis the current time
	 * @param tried the providers this request already called, as bits of their index
	 * @param excluded the providers this request must not call again
	 * @param ranks the request's {@link #ranks(ChatRequest) ranks}, or {@code null}
	 * @return the provider, or {@code null} when none is admitted
	 */
	@Nullable RoutedProvider selectInPanic(long nowMillis, long tried, long excluded, double @Nullable [] ranks) {
		RoutedProvider provider = select(this.panicAdmission, nowMillis, tried, excluded, ranks);
		if (provider != null) {
			this.panic.routedInPanic(nowMillis);
		}
		return provider;
	}

	private @Nullable RoutedProvider select(Admission admission, long nowMillis, long tried, long excluded,
			double @Nullable [] ranks) {
		RoutedProvider untried = selectIn(admission, nowMillis, tried, excluded, ranks, true);
		return (untried != null) ? untried : selectIn(admission, nowMillis, tried, excluded, ranks, false);
	}

	private @Nullable RoutedProvider selectIn(Admission admission, long nowMillis, long tried, long excluded,
			double @Nullable [] ranks, boolean untriedOnly) {
		int[] tier = servingTier(admission, nowMillis, tried, excluded, untriedOnly);
		if (tier == null) {
			return null;
		}
		long skip = excluded | aboveLowestRank(tier, ranks, admission, nowMillis, tried, excluded, untriedOnly);
		int[] weights = candidateWeights(tier, admission, nowMillis, tried, skip, untriedOnly);
		return this.tierShares.pick(this.priorities[tier[0]], weights, this.byPriority, tier[0]);
	}

	/**
	 * The bounds {@code [from, to)} of the lowest priority tier with a candidate.
	 */
	private int @Nullable [] servingTier(Admission admission, long nowMillis, long tried, long excluded,
			boolean untriedOnly) {
		int start = 0;
		while (start < this.byPriority.length) {
			int end = start;
			boolean hasCandidate = false;
			while (end < this.byPriority.length && this.priorities[end] == this.priorities[start]) {
				hasCandidate |= isCandidate(end, admission, nowMillis, tried, excluded, untriedOnly);
				end++;
			}
			if (hasCandidate) {
				return new int[] { start, end };
			}
			start = end;
		}
		return null;
	}

	/**
	 * The candidates of a tier that rank after its best, as bits of their index: they
	 * serve only once the best ones are out or tried.
	 */
	private long aboveLowestRank(int[] tier, double @Nullable [] ranks, Admission admission, long nowMillis, long tried,
			long excluded, boolean untriedOnly) {
		if (ranks == null) {
			return 0;
		}
		double lowest = Double.POSITIVE_INFINITY;
		for (int i = tier[0]; i < tier[1]; i++) {
			if (isCandidate(i, admission, nowMillis, tried, excluded, untriedOnly)) {
				lowest = Math.min(lowest, ranks[this.byPriority[i].index()]);
			}
		}
		long above = 0;
		for (int i = tier[0]; i < tier[1]; i++) {
			int index = this.byPriority[i].index();
			if (ranks[index] > lowest) {
				above |= 1L << index;
			}
		}
		return above;
	}

	private boolean isCandidate(int position, Admission admission, long nowMillis, long tried, long excluded,
			boolean untriedOnly) {
		RoutedProvider provider = this.byPriority[position];
		long bit = 1L << provider.index();
		return (excluded & bit) == 0 && (!untriedOnly || (tried & bit) == 0) && weightAt(position) > 0
				&& admission.admits(provider, nowMillis);
	}

	/**
	 * The providers that lack a capability a request needs, as bits of their index.
	 * @param needed what the request needs
	 * @return the providers to skip
	 */
	long incapable(Set<Capability> needed) {
		long mask = 0;
		for (RoutedProvider provider : this.byPriority) {
			if (!provider.capabilities().containsAll(needed)) {
				mask |= 1L << provider.index();
			}
		}
		return mask;
	}

	/**
	 * What each provider lacks of what a request needs, for the error that says no
	 * provider can serve it.
	 * @param needed what the request needs
	 * @return a description such as {@code local lacks forced-tool-choice}
	 */
	String lacking(Set<Capability> needed) {
		StringBuilder text = new StringBuilder();
		for (RoutedProvider provider : this.byPriority) {
			text.append(text.isEmpty() ? "" : "; ").append(provider.name()).append(" lacks");
			String separator = " ";
			for (Capability capability : needed) {
				if (!provider.capabilities().contains(capability)) {
					text.append(separator).append(capability.propertyName());
					separator = ", ";
				}
			}
		}
		return text.toString();
	}

	/**
	 * Why nothing is in rotation, and when the first provider returns.
	 * @param nowMillis the current time
	 * @return the reasons and the wait
	 */
	Unavailability unavailability(long nowMillis) {
		long earliest = Long.MAX_VALUE;
		StringBuilder reasons = new StringBuilder();
		for (int i = 0; i < this.byPriority.length; i++) {
			RoutedProvider provider = this.byPriority[i];
			reasons.append(reasons.isEmpty() ? "" : ", ");
			if (weightAt(i) == 0 && provider.weight() > 0) {
				// Out of this group only: it never comes back by itself here.
				reasons.append(provider.name()).append(" has weight 0 in group ").append(this.name);
				continue;
			}
			earliest = Math.min(earliest, provider.returnsAtMillis(nowMillis));
			reasons.append(provider.unavailableReason(nowMillis));
		}
		return new Unavailability(reasons.toString(), earliest);
	}

	/**
	 * Start building a registry whose circuit breakers live in the given registry.
	 * @param circuitBreakers the Resilience4j registry; the application's, so that its
	 * metrics and actuator views include the providers
	 * @return the builder
	 */
	public static Builder builder(CircuitBreakerRegistry circuitBreakers) {
		return new Builder(circuitBreakers);
	}

	/**
	 * Builds a {@link ProviderRegistry}.
	 */
	public static final class Builder {

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

		private Builder(CircuitBreakerRegistry circuitBreakers) {
			this.circuitBreakers = circuitBreakers;
		}

		/**
		 * Use another clock for cooldowns and reported times.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Choose which providers may serve anyway when none that could serve a request is
		 * in rotation; {@link PanicRouting#openCircuits()} unless set.
		 * @param panicRouting the strategy, {@link PanicRouting#off()} to fail fast
		 * instead
		 * @return this builder
		 */
		public Builder panicRouting(PanicRouting panicRouting) {
			this.panicRouting = panicRouting;
			return this;
		}

		/**
		 * Limit each provider's concurrent calls with a Resilience4j bulkhead of its name
		 * in the given registry. A call over the limit does not wait: it fails over at
		 * once. Without bulkheads, calls are not limited.
		 * @param bulkheads the registry; the application's, so that its metrics and
		 * actuator views include the providers
		 * @param maxConcurrentCalls the limit of each provider by name; one without gets
		 * the registry's default configuration
		 * @return this builder
		 */
		public Builder bulkheads(BulkheadRegistry bulkheads, Map<String, Integer> maxConcurrentCalls) {
			this.bulkheads = bulkheads;
			this.maxConcurrentCalls = Map.copyOf(maxConcurrentCalls);
			return this;
		}

		/**
		 * Tell these listeners when a provider's circuit opens or closes, it cools down,
		 * or an operator changes it.
		 * @param listeners the listeners, called in order
		 * @return this builder
		 */
		public Builder listeners(List<ProviderStateListener> listeners) {
			this.listeners = List.copyOf(listeners);
			return this;
		}

		/**
		 * Count requests and tokens of the providers this limiter
		 * {@linkplain ProviderRateLimiter#limits(String) limits}. Without one, no
		 * provider is limited.
		 * @param rateLimiter the limiter, or {@code null} for none
		 * @return this builder
		 */
		public Builder rateLimiter(@Nullable ProviderRateLimiter rateLimiter) {
			this.rateLimiter = rateLimiter;
			return this;
		}

		/**
		 * Add up the providers' spend, and check their budgets, in this ledger. Without
		 * one, each instance counts its own in memory, in UTC days and months.
		 * @param spendLedger the ledger, or {@code null} for the default
		 * @return this builder
		 */
		public Builder spendLedger(@Nullable SpendLedger spendLedger) {
			this.spendLedger = spendLedger;
			return this;
		}

		/**
		 * Choose whether providers leave rotation when their rate-limit headers say their
		 * budget is spent; on, with no reserve and holds of at most 60 seconds, unless
		 * set.
		 * @param headerRateLimits the strategy, {@link HeaderRateLimits#off()} to ignore
		 * the headers
		 * @return this builder
		 */
		public Builder headerRateLimits(HeaderRateLimits headerRateLimits) {
			this.headerRateLimits = headerRateLimits;
			return this;
		}

		/**
		 * Choose how a request picks among the providers of its tier;
		 * {@link TierRouting#weighted()} unless set. In a model group, a provider's tier
		 * is its priority in the group.
		 * @param tierRouting the strategy
		 * @return this builder
		 */
		public Builder tierRouting(TierRouting tierRouting) {
			this.tierRouting = tierRouting;
			return this;
		}

		/**
		 * Choose whether the shares inside some tiers follow the providers' recent
		 * latency; by weight alone unless set. In a model group, a provider's tier is its
		 * priority in the group.
		 * @param latencyShares the strategy
		 * @return this builder
		 */
		public Builder latencyAwareShares(LatencyAwareShares latencyShares) {
			this.latencyShares = latencyShares;
			return this;
		}

		/**
		 * Add a provider. Its circuit breaker and bulkhead are created now, under the
		 * provider's name, so that their state and metrics exist before the first call.
		 * @param route how routing treats the provider
		 * @param client its client
		 * @return this builder
		 */
		public Builder add(ProviderRoute route, ProviderClient client) {
			String name = route.name();
			Map<String, String> tags = Map.of(GROUP_TAG, name);
			CircuitBreaker breaker = this.circuitBreakers.circuitBreaker(name,
					route.circuitBreaker().toCircuitBreakerConfig(), tags);
			int index = this.providers.size();
			Bulkhead bulkhead = bulkhead(name, tags);
			this.routes.add(route);
			this.providers.add((listener, limiter, ledger) -> new RoutedProvider(index, route, client, breaker,
					bulkhead, this.clock, listener, limiter, ledger, this.headerRateLimits,
					this.latencyShares.halfLife(), this.tierRouting));
			return this;
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
		 * Add a model group: some of the providers, each at the priority and weight it
		 * has in the group. A provider may be in several groups; its circuit breaker,
		 * cooldown, rate limit and operator changes are the same in all of them.
		 * @param name the group's name
		 * @param members its providers, which must be added too (before or after)
		 * @return this builder
		 */
		public Builder group(String name, List<GroupMember> members) {
			if (members.isEmpty()) {
				throw new IllegalArgumentException("Model group '" + name + "' has no providers");
			}
			this.groups.put(name, List.copyOf(members));
			return this;
		}

		/**
		 * Serve the requests that name no group with the given group. Unset, the
		 * {@value ProviderRegistry#DEFAULT_GROUP} group serves them: one added under that
		 * name, else every provider at its own priority and weight.
		 * @param name the name of an added group
		 * @return this builder
		 */
		public Builder defaultGroup(String name) {
			this.defaultGroup = name;
			return this;
		}

		public ProviderRegistry build() {
			ProviderStateListener listener = this.listeners.isEmpty() ? ProviderStateListeners.NONE
					: new ProviderStateListeners(this.listeners);
			SpendLedger ledger = (this.spendLedger != null) ? this.spendLedger : localLedger();
			List<RoutedProvider> providers = this.providers.stream()
				.map((provider) -> provider.create(listener, this.rateLimiter, ledger))
				.toList();
			String defaultName = (this.defaultGroup != null) ? this.defaultGroup : DEFAULT_GROUP;
			if (!defaultName.equals(DEFAULT_GROUP) && !this.groups.containsKey(defaultName)) {
				throw new IllegalArgumentException(
						"The default model group '" + defaultName + "' is not one of " + this.groups.keySet());
			}
			Groups groups = new Groups(defaultName);
			ProviderRegistry all = new ProviderRegistry(DEFAULT_GROUP,
					providers.stream().map(Member::atOwnPriorityAndWeight).toList(), providers.size(),
					this.panicRouting, this.clock, groups, this.tierRouting, this.latencyShares, this.routes);
			if (defaultName.equals(DEFAULT_GROUP) && !this.groups.containsKey(DEFAULT_GROUP)) {
				groups.byName.put(DEFAULT_GROUP, all);
			}
			this.groups.forEach((name, members) -> groups.byName.put(name,
					new ProviderRegistry(name, members.stream().map((member) -> Member.of(member, all)).toList(),
							providers.size(), this.panicRouting, this.clock, groups, this.tierRouting,
							this.latencyShares, this.routes)));
			return all;
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

		@FunctionalInterface
		private interface ProviderFactory {

			RoutedProvider create(ProviderStateListener listener, @Nullable ProviderRateLimiter rateLimiter,
					SpendLedger ledger);

		}

	}

	/**
	 * A provider in a group, at its priority and weight there.
	 *
	 * @param provider the provider
	 * @param priority its tier in the group
	 * @param weight its weight in the group, or {@link #OWN_WEIGHT}
	 */
	private record Member(RoutedProvider provider, int priority, int weight) {

		static Member atOwnPriorityAndWeight(RoutedProvider provider) {
			return new Member(provider, provider.priority(), OWN_WEIGHT);
		}

		static Member of(GroupMember member, ProviderRegistry all) {
			RoutedProvider provider = all.byName.get(member.provider());
			if (provider == null) {
				throw new IllegalArgumentException(
						"No LLM provider named '" + member.provider() + "' for a model group; known: "
								+ Arrays.stream(all.byPriority).map(RoutedProvider::name).toList());
			}
			Integer priority = member.priority();
			Integer weight = member.weight();
			return new Member(provider, (priority != null) ? priority : provider.priority(),
					(weight != null) ? weight : OWN_WEIGHT);
		}

	}

	/**
	 * The groups of one registry, which every group's registry shares.
	 */
	private static final class Groups {

		private final Map<String, ProviderRegistry> byName = new LinkedHashMap<>();

		private final Map<String, ProviderRegistry> view = Collections.unmodifiableMap(this.byName);

		private final String defaultName;

		Groups(String defaultName) {
			this.defaultName = defaultName;
		}

	}

	/**
	 * Which providers a request may be routed to.
	 */
	@FunctionalInterface
	private interface Admission {

		boolean admits(RoutedProvider provider, long nowMillis);

	}

	/**
	 * @param reasons why each provider is out of rotation
	 * @param returnsAtMillis when the first comes back by itself, or
	 * {@link Long#MAX_VALUE}
	 */
	record Unavailability(String reasons, long returnsAtMillis) {
	}

}
