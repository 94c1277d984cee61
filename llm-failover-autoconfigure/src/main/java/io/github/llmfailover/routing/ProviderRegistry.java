package io.github.llmfailover.routing;

import java.time.Clock;
import java.time.Instant;
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
import io.github.llmfailover.routing.GroupTiers.Admission;
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
 * <p>
 * The registry coordinates: {@link GroupTiers} holds a group's tiers and makes the choice
 * among the providers the registry admits (in rotation, or the panic mode's),
 * {@link GroupView} is what operators read, {@link ModelGroups} the groups, and
 * {@link Builder} assembles them.
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

	/** Which providers a request may be routed to in normal times. */
	private static final Admission IN_ROTATION = (provider, nowMillis) -> provider.availability()
		.isInRotation(nowMillis);

	private final String name;

	private final GroupTiers tiers;

	/** How many providers the whole registry has: requests index them all. */
	private final int indexSpace;

	private final ModelGroups groups;

	private final Map<String, RoutedProvider> byName;

	private final Clock clock;

	private final PanicMode panic;

	private final Admission panicAdmission;

	private final GroupView view;

	ProviderRegistry(String name, List<Member> members, int indexSpace, PanicRouting panicRouting, Clock clock,
			ModelGroups groups, TierRouting tierRouting, LatencyAwareShares latencyShares, List<ProviderRoute> routes) {
		if (indexSpace > MAX_PROVIDERS) {
			throw new IllegalArgumentException("At most " + MAX_PROVIDERS + " providers are supported");
		}
		this.name = name;
		this.tiers = new GroupTiers(members, routes, tierRouting, new TierShares(latencyShares));
		this.indexSpace = indexSpace;
		this.groups = groups;
		Map<String, RoutedProvider> names = new LinkedHashMap<>();
		members.forEach((member) -> names.put(member.provider().name(), member.provider()));
		this.byName = Map.copyOf(names);
		this.clock = clock;
		this.panic = new PanicMode(this.tiers.providers(), panicRouting, clock);
		this.panicAdmission = this.panic::admits;
		this.view = new GroupView(name, this.tiers, IN_ROTATION, this.panicAdmission, clock);
	}

	/**
	 * Rank the providers for a request, once, before its first attempt.
	 * @param request the request
	 * @return the rank of each provider by index, or {@code null} when weights alone
	 * decide
	 */
	double @Nullable [] ranks(ChatRequest request) {
		return this.tiers.ranks(request);
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
	 * Every provider as it is now, lowest priority first, all taken at the same moment.
	 * @return the snapshots
	 */
	public List<ProviderSnapshot> providers() {
		return this.view.providers();
	}

	/**
	 * How many providers this group routes over.
	 * @return the count
	 */
	int size() {
		return this.tiers.size();
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
		return this.view.find(name);
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
		return with(name, (provider) -> provider.circuit().openUntil(until));
	}

	/**
	 * Close a provider's circuit if it is open or half-open, because another instance saw
	 * it healthy again (fleet mode).
	 * @param name the provider's name
	 * @return {@code false} if there is no provider of that name
	 */
	public boolean closeCircuit(String name) {
		return with(name, (provider) -> provider.circuit().close());
	}

	/**
	 * Keep a provider out of rotation until the given time, because another instance was
	 * asked to back off (fleet mode). A longer cooldown already running is kept.
	 * @param name the provider's name
	 * @param until when the cooldown ends
	 * @return {@code false} if there is no provider of that name
	 */
	public boolean coolDownUntil(String name, Instant until) {
		return with(name, (provider) -> provider.cooldown().coolDownUntil(until));
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
		return this.view.shares(this.clock.millis(), null);
	}

	Map<String, Double> shares(long nowMillis) {
		return this.view.shares(nowMillis, null);
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
		RoutedProvider provider = this.tiers.selectAdmitted(IN_ROTATION, nowMillis, tried, excluded, ranks);
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
		RoutedProvider provider = this.tiers.selectAdmitted(this.panicAdmission, nowMillis, tried, excluded, ranks);
		if (provider != null) {
			this.panic.routedInPanic(nowMillis);
		}
		return provider;
	}

	/**
	 * The providers that lack a capability a request needs, as bits of their index.
	 * @param needed what the request needs
	 * @return the providers to skip
	 */
	long incapable(Set<Capability> needed) {
		return CapabilityCheck.incapable(this.tiers.providers(), needed);
	}

	/**
	 * What each provider lacks of what a request needs, for the error that says no
	 * provider can serve it.
	 * @param needed what the request needs
	 * @return a description such as {@code local lacks forced-tool-choice}
	 */
	String lacking(Set<Capability> needed) {
		return CapabilityCheck.lacking(this.tiers.providers(), needed);
	}

	/**
	 * Why nothing is in rotation, and when the first provider returns.
	 * @param nowMillis the current time
	 * @return the reasons and the wait
	 */
	Unavailability unavailability(long nowMillis) {
		return this.view.unavailability(nowMillis);
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
	 * @param reasons why each provider is out of rotation
	 * @param returnsAtMillis when the first comes back by itself, or
	 * {@link Long#MAX_VALUE}
	 */
	record Unavailability(String reasons, long returnsAtMillis) {
	}

}
