package io.github.llmfailover.routing;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.routing.ModelGroups.Member;

/**
 * A model group's providers in tier order, each at the priority and weight it has in the
 * group, and the choice of a provider for an attempt: the lowest priority tier with a
 * candidate serves, among those of its candidates its {@link TierRouting} ranks first for
 * the request, split by {@link TierShares}; providers the request already tried go last.
 * Which providers are candidates at all (in rotation, or admitted in a panic) is the
 * {@link ProviderRegistry}'s call, made through an {@link Admission}.
 * <p>
 * Positions index parallel arrays rather than a list of members: every attempt reads
 * them.
 */
final class GroupTiers {

	private final RoutedProvider[] providers;

	/** The same, for callers that iterate them all. */
	private final List<RoutedProvider> inOrder;

	/** Each member's priority in the group, by position. */
	private final int[] priorities;

	/** Each member's weight in the group, or {@link Member#OWN_WEIGHT}, by position. */
	private final int[] weights;

	/**
	 * Every provider's route by index, each member's at its priority in the group, for
	 * the tier routing.
	 */
	private final List<ProviderRoute> routes;

	private final TierRouting routing;

	private final TierShares shares;

	/**
	 * @param members the group's members, in any order
	 * @param routes every provider's route by index, at its own priority
	 * @param routing how a tier's candidates rank for a request
	 * @param shares how a tier's requests split among its best-ranked candidates
	 */
	GroupTiers(List<Member> members, List<ProviderRoute> routes, TierRouting routing, TierShares shares) {
		Member[] sorted = members.stream().sorted(Comparator.comparingInt(Member::priority)).toArray(Member[]::new);
		this.providers = Arrays.stream(sorted).map(Member::provider).toArray(RoutedProvider[]::new);
		this.inOrder = List.of(this.providers);
		this.priorities = Arrays.stream(sorted).mapToInt(Member::priority).toArray();
		this.weights = Arrays.stream(sorted).mapToInt(Member::weight).toArray();
		ProviderRoute[] inGroup = routes.toArray(ProviderRoute[]::new);
		members.forEach((member) -> inGroup[member.provider().index()] = inGroup[member.provider().index()]
			.atPriority(member.priority()));
		this.routes = List.of(inGroup);
		this.routing = routing;
		this.shares = shares;
	}

	/**
	 * The group's providers, lowest priority first.
	 * @return the providers
	 */
	List<RoutedProvider> providers() {
		return this.inOrder;
	}

	int size() {
		return this.providers.length;
	}

	RoutedProvider provider(int position) {
		return this.providers[position];
	}

	/**
	 * The weight of a member in the group now: its own, or the provider's as operators
	 * set it.
	 * @param position its position
	 * @return the weight
	 */
	int weight(int position) {
		int weight = this.weights[position];
		return (weight == Member.OWN_WEIGHT) ? this.providers[position].operator().weight() : weight;
	}

	/**
	 * A member as it is now, at its priority and weight in the group.
	 * @param position its position
	 * @param nowMillis the current time
	 * @param share its share of new traffic
	 * @param latencyShare why it gets that share, where its tier follows latency
	 * @return the snapshot
	 */
	ProviderSnapshot snapshot(int position, long nowMillis, double share, @Nullable LatencyShare latencyShare) {
		RoutedProvider provider = this.providers[position];
		int weight = this.weights[position];
		return provider.snapshot(nowMillis, share, latencyShare, this.priorities[position], weight(position),
				(weight == Member.OWN_WEIGHT) ? provider.operator().configuredWeight() : weight);
	}

	/**
	 * Rank the providers for a request.
	 * @param request the request, or {@code null} for a typical one
	 * @return the rank of each provider by index, or {@code null} when weights alone
	 * decide
	 */
	double @Nullable [] ranks(@Nullable ChatRequest request) {
		return this.routing.rank(request, this.routes);
	}

	/**
	 * Choose the provider for the next attempt of a request among the admitted ones:
	 * those it has not tried, else any.
	 * @param admission which providers are candidates
	 * @param nowMillis the current time
	 * @param tried the providers the request already called, as bits of their index
	 * @param excluded the providers the request must not call again
	 * @param ranks the request's {@link #ranks(ChatRequest) ranks}, or {@code null}
	 * @return the provider, or {@code null} when none is admitted
	 */
	@Nullable RoutedProvider selectAdmitted(Admission admission, long nowMillis, long tried, long excluded,
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
		return this.shares.pick(this.priorities[tier[0]], weights, this.providers, tier[0]);
	}

	/**
	 * Put the share of new traffic each admitted provider of the serving tier gets into
	 * the map, as a typical request would split, and why where the tier follows latency.
	 * @param admission which providers are candidates
	 * @param nowMillis the current time
	 * @param shares the shares by provider name, to put the candidates' into
	 * @param latencyShares where to put the why, by provider name, or {@code null}
	 * @return {@code false} if no tier has an admitted provider
	 */
	boolean describe(Admission admission, long nowMillis, Map<String, Double> shares,
			@Nullable Map<String, LatencyShare> latencyShares) {
		int[] tier = servingTier(admission, nowMillis, 0, 0, false);
		if (tier == null) {
			return false;
		}
		// The ranks of a typical request: a cheapest-first tier's share goes to its
		// cheapest providers.
		long skip = aboveLowestRank(tier, ranks(null), admission, nowMillis, 0, 0, false);
		int[] weights = candidateWeights(tier, admission, nowMillis, 0, skip, false);
		this.shares.describe(this.priorities[tier[0]], weights, this.providers, tier[0], shares, latencyShares);
		return true;
	}

	/**
	 * The bounds {@code [from, to)} of the lowest priority tier with a candidate.
	 */
	private int @Nullable [] servingTier(Admission admission, long nowMillis, long tried, long excluded,
			boolean untriedOnly) {
		int start = 0;
		while (start < this.providers.length) {
			int end = start;
			boolean hasCandidate = false;
			while (end < this.providers.length && this.priorities[end] == this.priorities[start]) {
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
	 * The weight of each provider of a tier, 0 for those that are not candidates.
	 */
	private int[] candidateWeights(int[] tier, Admission admission, long nowMillis, long tried, long excluded,
			boolean untriedOnly) {
		int[] weights = new int[tier[1] - tier[0]];
		for (int i = tier[0]; i < tier[1]; i++) {
			if (isCandidate(i, admission, nowMillis, tried, excluded, untriedOnly)) {
				weights[i - tier[0]] = weight(i);
			}
		}
		return weights;
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
				lowest = Math.min(lowest, ranks[this.providers[i].index()]);
			}
		}
		long above = 0;
		for (int i = tier[0]; i < tier[1]; i++) {
			int index = this.providers[i].index();
			if (ranks[index] > lowest) {
				above |= 1L << index;
			}
		}
		return above;
	}

	private boolean isCandidate(int position, Admission admission, long nowMillis, long tried, long excluded,
			boolean untriedOnly) {
		RoutedProvider provider = this.providers[position];
		long bit = 1L << provider.index();
		return (excluded & bit) == 0 && (!untriedOnly || (tried & bit) == 0) && weight(position) > 0
				&& admission.admits(provider, nowMillis);
	}

	/**
	 * Which providers a request may be routed to.
	 */
	@FunctionalInterface
	interface Admission {

		boolean admits(RoutedProvider provider, long nowMillis);

	}

}
