package io.github.llmfailover.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.llmfailover.routing.GroupTiers.Admission;
import io.github.llmfailover.routing.ModelGroups.Member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * How {@link GroupTiers} orders a group's providers and chooses among those an
 * {@link Admission} lets through: the lowest tier with a candidate, the best-ranked
 * candidates of it, untried ones first.
 */
class GroupTiersTests {

	private static final Admission ALL = (provider, nowMillis) -> true;

	private static final Admission NONE = (provider, nowMillis) -> false;

	private final ThreeProviders providers = ThreeProviders.create();

	private final RoutedProvider a = this.providers.a();

	private final RoutedProvider b = this.providers.b();

	private final RoutedProvider c = this.providers.c();

	private GroupTiers tiers(TierRouting routing, Member... members) {
		return new GroupTiers(List.of(members), this.providers.routes(), routing,
				new TierShares(LatencyAwareShares.off()));
	}

	@Test
	void membersStandInTierOrderAtTheirPriorityAndWeightInTheGroup() {
		GroupTiers tiers = tiers(TierRouting.weighted(), new Member(this.a, 1, Member.OWN_WEIGHT),
				new Member(this.b, 0, 5), new Member(this.c, 1, 0));
		assertThat(tiers.providers()).containsExactly(this.b, this.a, this.c);
		long now = System.currentTimeMillis();
		assertThat(List.of(tiers.snapshot(0, now, 0, null), tiers.snapshot(1, now, 0, null)))
			.extracting(ProviderSnapshot::name, ProviderSnapshot::priority, ProviderSnapshot::weight,
					ProviderSnapshot::configuredWeight)
			.containsExactly(tuple("b", 0, 5, 5), tuple("a", 1, 3, 3));
		// An operator's change reaches a member at its own weight, not one the group
		// sets.
		this.a.apply(ProviderChange.weight(7));
		this.b.apply(ProviderChange.weight(9));
		assertThat(tiers.weight(0)).isEqualTo(5);
		assertThat(tiers.weight(1)).isEqualTo(7);
		assertThat(tiers.snapshot(1, now, 0, null).configuredWeight()).isEqualTo(3);
	}

	@Test
	void theLowestTierWithAnAdmittedCandidateServesAndTriedOnesComeLast() {
		GroupTiers tiers = tiers(TierRouting.weighted(), new Member(this.a, 1, Member.OWN_WEIGHT),
				new Member(this.b, 0, Member.OWN_WEIGHT), new Member(this.c, 1, 0));
		long now = System.currentTimeMillis();
		assertThat(tiers.selectAdmitted(ALL, now, 0, 0, null)).isSameAs(this.b);
		assertThat(tiers.selectAdmitted((provider, nowMillis) -> provider != this.b, now, 0, 0, null)).isSameAs(this.a);
		// Every candidate tried: the lowest tier serves again. c, at weight 0, never
		// does.
		assertThat(tiers.selectAdmitted(ALL, now, bit(this.a) | bit(this.b), 0, null)).isSameAs(this.b);
		assertThat(tiers.selectAdmitted(ALL, now, bit(this.b), 0, null)).isSameAs(this.a);
		assertThat(tiers.selectAdmitted(ALL, now, 0, bit(this.a) | bit(this.b), null)).isNull();
		assertThat(tiers.selectAdmitted(NONE, now, 0, 0, null)).isNull();
	}

	@Test
	void aTiersBestRankedCandidatesServeBeforeTheOthers() {
		List<List<ProviderRoute>> ranked = new ArrayList<>();
		// b and c cheaper than a, by index.
		TierRouting cheapest = (request, routes) -> {
			ranked.add(routes);
			return new double[] { 2, 1, 1 };
		};
		GroupTiers tiers = tiers(cheapest, new Member(this.a, 0, Member.OWN_WEIGHT),
				new Member(this.b, 0, Member.OWN_WEIGHT));
		double[] ranks = tiers.ranks(null);
		// The routes ranked are at the group's priorities; c, no member, at its own.
		assertThat(ranked).singleElement()
			.satisfies((routes) -> assertThat(routes).extracting(ProviderRoute::name, ProviderRoute::priority)
				.containsExactly(tuple("a", 0), tuple("b", 0), tuple("c", 1)));
		long now = System.currentTimeMillis();
		for (int i = 0; i < 100; i++) {
			assertThat(tiers.selectAdmitted(ALL, now, 0, 0, ranks)).isSameAs(this.b);
		}
		assertThat(tiers.selectAdmitted(ALL, now, bit(this.b), 0, ranks)).isSameAs(this.a);
		assertThat(tiers.selectAdmitted((provider, nowMillis) -> provider != this.b, now, 0, 0, ranks))
			.isSameAs(this.a);
	}

	@Test
	void describeSplitsTheServingTierByWeightOrSaysNoTierServes() {
		GroupTiers tiers = tiers(TierRouting.weighted(), new Member(this.a, 0, Member.OWN_WEIGHT),
				new Member(this.c, 0, Member.OWN_WEIGHT), new Member(this.b, 1, Member.OWN_WEIGHT));
		long now = System.currentTimeMillis();
		Map<String, Double> shares = new LinkedHashMap<>();
		assertThat(tiers.describe(ALL, now, shares, null)).isTrue();
		assertThat(shares).containsExactly(Map.entry("a", 0.6), Map.entry("c", 0.4));
		shares.clear();
		assertThat(tiers.describe((provider, nowMillis) -> provider == this.b, now, shares, null)).isTrue();
		assertThat(shares).containsExactly(Map.entry("b", 1.0));
		shares.clear();
		assertThat(tiers.describe(NONE, now, shares, null)).isFalse();
		assertThat(shares).isEmpty();
	}

	private static long bit(RoutedProvider provider) {
		return 1L << provider.index();
	}

}
