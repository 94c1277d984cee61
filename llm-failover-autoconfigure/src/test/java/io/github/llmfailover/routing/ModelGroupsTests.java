package io.github.llmfailover.routing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.llmfailover.routing.ModelGroups.Member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * How {@link ModelGroups} makes a registry's groups: every provider at its own priority
 * and weight, the configured groups' members resolved, and which group is the default.
 */
class ModelGroupsTests {

	// Added in another order than their priorities: a and c in tier 1, b in tier 0.
	private final ThreeProviders three = ThreeProviders.create();

	private final List<RoutedProvider> providers = this.three.all();

	/** The name and members of each registry made, in the order made. */
	private final List<Map.Entry<String, List<Member>>> made = new ArrayList<>();

	private final ModelGroups.RegistryFactory registries = (name, members, groups) -> {
		this.made.add(Map.entry(name, members));
		return new ProviderRegistry(name, members, this.providers.size(), PanicRouting.openCircuits(),
				Clock.systemUTC(), groups, TierRouting.weighted(), LatencyAwareShares.off(), this.three.routes());
	};

	@Test
	void withoutGroupsEveryProviderAtItsOwnPriorityAndWeightIsTheDefault() {
		ProviderRegistry all = ModelGroups.build(this.providers, Map.of(), null, this.registries);
		assertThat(this.made).singleElement().satisfies((registry) -> {
			assertThat(registry.getKey()).isEqualTo(ProviderRegistry.DEFAULT_GROUP);
			assertThat(registry.getValue())
				.extracting((member) -> member.provider().name(), Member::priority, Member::weight)
				.containsExactly(tuple("a", 1, Member.OWN_WEIGHT), tuple("b", 0, Member.OWN_WEIGHT),
						tuple("c", 1, Member.OWN_WEIGHT));
		});
		assertThat(all.groups()).containsOnlyKeys(ProviderRegistry.DEFAULT_GROUP);
		assertThat(all.defaultGroup()).isSameAs(all);
	}

	@Test
	void aMemberKeepsTheProvidersOwnPriorityAndWeightWhereItSetsNone() {
		Map<String, List<GroupMember>> definitions = Map.of("g",
				List.of(new GroupMember("a", 0, null), new GroupMember("c", null, 5)));
		ProviderRegistry all = ModelGroups.build(this.providers, definitions, null, this.registries);
		assertThat(this.made.get(1).getValue())
			.extracting((member) -> member.provider().name(), Member::priority, Member::weight)
			.containsExactly(tuple("a", 0, Member.OWN_WEIGHT), tuple("c", 1, 5));
		assertThat(all.groups()).containsOnlyKeys(ProviderRegistry.DEFAULT_GROUP, "g");
		assertThat(all.group("g").orElseThrow().name()).isEqualTo("g");
	}

	@Test
	void aGroupNamedDefaultServesInsteadOfEveryProvider() {
		ProviderRegistry all = ModelGroups.build(this.providers,
				Map.of(ProviderRegistry.DEFAULT_GROUP, List.of(GroupMember.of("c"))), null, this.registries);
		assertThat(all.name()).isEqualTo(ProviderRegistry.DEFAULT_GROUP);
		assertThat(all.groups()).containsOnlyKeys(ProviderRegistry.DEFAULT_GROUP);
		assertThat(all.defaultGroup()).isNotSameAs(all);
		assertThat(all.defaultGroup().providers()).extracting(ProviderSnapshot::name).containsExactly("c");
	}

	@Test
	void theDefaultMayBeAConfiguredGroupAndThenEveryProviderIsNoGroup() {
		Map<String, List<GroupMember>> definitions = new LinkedHashMap<>();
		definitions.put("g", List.of(GroupMember.of("b")));
		definitions.put("h", List.of(GroupMember.of("a")));
		ProviderRegistry all = ModelGroups.build(this.providers, definitions, "h", this.registries);
		assertThat(all.groups()).containsOnlyKeys("g", "h");
		assertThat(all.defaultGroup().name()).isEqualTo("h");
		assertThat(all.group("h").orElseThrow().groups()).isSameAs(all.groups());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ModelGroups.build(this.providers, definitions, "x", this.registries))
			.withMessage("The default model group 'x' is not one of [g, h]");
	}

	@Test
	void anUnknownMemberIsRefusedNamingTheProvidersInPriorityOrder() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ModelGroups.build(this.providers, Map.of("g", List.of(GroupMember.of("x"))), null,
					this.registries))
			.withMessage("No LLM provider named 'x' for a model group; known: [b, a, c]");
	}

}
