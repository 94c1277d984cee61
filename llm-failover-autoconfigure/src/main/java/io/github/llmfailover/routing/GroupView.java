package io.github.llmfailover.routing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.routing.GroupTiers.Admission;
import io.github.llmfailover.routing.ProviderRegistry.Unavailability;

/**
 * One group's providers as operators see them now: each one's snapshot at its priority
 * and weight in the group, with the share of new traffic it gets and why (what the
 * actuator, health and metrics read), and why none is in rotation (what the error of a
 * request that found none says). Routing reads none of it; it is kept apart from
 * {@link ProviderRegistry} so that the registry's routing reads on its own.
 */
final class GroupView {

	private final String group;

	private final GroupTiers tiers;

	private final Admission inRotation;

	private final Admission inPanic;

	private final Clock clock;

	/**
	 * @param group the group's name
	 * @param tiers its providers
	 * @param inRotation which providers serve in normal times
	 * @param inPanic which serve when none is in rotation
	 * @param clock the clock snapshots are taken on
	 */
	GroupView(String group, GroupTiers tiers, Admission inRotation, Admission inPanic, Clock clock) {
		this.group = group;
		this.tiers = tiers;
		this.inRotation = inRotation;
		this.inPanic = inPanic;
		this.clock = clock;
	}

	/**
	 * Every provider as it is now, lowest priority first, all taken at the same moment.
	 * @return the snapshots
	 */
	List<ProviderSnapshot> providers() {
		long nowMillis = this.clock.millis();
		Map<String, LatencyShare> latencyShares = new LinkedHashMap<>();
		Map<String, Double> shares = shares(nowMillis, latencyShares);
		List<ProviderSnapshot> snapshots = new ArrayList<>(this.tiers.size());
		for (int i = 0; i < this.tiers.size(); i++) {
			String name = this.tiers.provider(i).name();
			snapshots.add(this.tiers.snapshot(i, nowMillis, shares.getOrDefault(name, 0.0), latencyShares.get(name)));
		}
		return snapshots;
	}

	/**
	 * The provider of the given name as it is now.
	 * @param name the provider's name
	 * @return the snapshot, or empty if the group has no provider of that name
	 */
	Optional<ProviderSnapshot> find(String name) {
		for (int i = 0; i < this.tiers.size(); i++) {
			if (this.tiers.provider(i).name().equals(name)) {
				long nowMillis = this.clock.millis();
				Map<String, LatencyShare> latencyShares = new LinkedHashMap<>();
				double share = shares(nowMillis, latencyShares).getOrDefault(name, 0.0);
				return Optional.of(this.tiers.snapshot(i, nowMillis, share, latencyShares.get(name)));
			}
		}
		return Optional.empty();
	}

	/**
	 * The fraction of new traffic each provider gets, given tiers, weights, circuits and
	 * cooldowns, latency where shares follow it, and panic routing when no provider is in
	 * rotation; and why each provider of a serving tier that follows latency gets its
	 * share.
	 * @param nowMillis the current time
	 * @param latencyShares where to put the why, by provider name, or {@code null}
	 * @return the share of each provider by name, lowest priority first, 0 for those that
	 * get none
	 */
	Map<String, Double> shares(long nowMillis, @Nullable Map<String, LatencyShare> latencyShares) {
		Map<String, Double> shares = new LinkedHashMap<>();
		this.tiers.providers().forEach((provider) -> shares.put(provider.name(), 0.0));
		if (!this.tiers.describe(this.inRotation, nowMillis, shares, latencyShares)) {
			this.tiers.describe(this.inPanic, nowMillis, shares, latencyShares);
		}
		return shares;
	}

	/**
	 * Why nothing is in rotation, and when the first provider returns.
	 * @param nowMillis the current time
	 * @return the reasons and the wait
	 */
	Unavailability unavailability(long nowMillis) {
		long earliest = Long.MAX_VALUE;
		StringBuilder reasons = new StringBuilder();
		for (int i = 0; i < this.tiers.size(); i++) {
			RoutedProvider provider = this.tiers.provider(i);
			reasons.append(reasons.isEmpty() ? "" : ", ");
			if (this.tiers.weight(i) == 0 && provider.operator().weight() > 0) {
				// Out of this group only: it never comes back by itself here.
				reasons.append(provider.name()).append(" has weight 0 in group ").append(this.group);
				continue;
			}
			earliest = Math.min(earliest, provider.availability().returnsAtMillis(nowMillis));
			reasons.append(provider.availability().unavailableReason(nowMillis));
		}
		return new Unavailability(reasons.toString(), earliest);
	}

}
