package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.routing.ModelGroups.Member;

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

	/**
	 * How many providers a registry can hold: a request tracks the providers it tried as
	 * bits of a {@code long}.
	 */
	public static final int MAX_PROVIDERS = Long.SIZE;

	private final String name;

	private final RoutedProvider[] byPriority;

	/** Each member's priority in this group, in the order of {@link #byPriority}. */
	private final int[] priorities;

	/** Each member's weight in this group, or {@link Member#OWN_WEIGHT}. */
	private final int[] weights;

	/** How many providers the whole registry has: requests index them all. */
	private final int indexSpace;

	private final ModelGroups groups;

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

	ProviderRegistry(String name, List<Member> members, int indexSpace, PanicRouting panicRouting, Clock clock,
			ModelGroups groups, TierRouting tierRouting, LatencyAwareShares latencyShares, List<ProviderRoute> routes) {
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
		return this.groups.byName();
	}

	/**
	 * The registry of one model group.
	 * @param name the group's name
	 * @return the group, or empty if there is none of that name
	 */
	public Optional<ProviderRegistry> group(String name) {
		return Optional.ofNullable(this.groups.get(name));
	}

	/**
	 * The group that serves requests that name none.
	 * @return the default group's registry
	 */
	public ProviderRegistry defaultGroup() {
		return this.groups.defaultGroup();
	}

	/**
	 * The weight of a member in this group now.
	 * @param position its position in {@link #byPriority}
	 */
	private int weightAt(int position) {
		int weight = this.weights[position];
		return (weight == Member.OWN_WEIGHT) ? this.byPriority[position].weight() : weight;
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
				(weight == Member.OWN_WEIGHT) ? provider.configuredWeight() : weight);
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
	 * Builds a {@link ProviderRegistry}. Its settings and the assembly are declared in a
	 * package-private base class, so that this file holds the routing alone; applications
	 * call them as this type's methods.
	 */
	public static final class Builder extends ProviderRegistryBuilder {

		private Builder(CircuitBreakerRegistry circuitBreakers) {
			super(circuitBreakers);
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
