package io.github.llmfailover.routing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.provider.ProviderSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * How a model group routes over the registry's providers: at its own priorities and
 * weights, with the providers' state shared between groups.
 */
class ModelGroupRoutingTests {

	private static final int DRAWS = 20_000;

	private final ProviderRegistry registry = builder()
		.group("g",
				List.of(new GroupMember("a", null, 1), new GroupMember("b", null, 3), new GroupMember("c", 0, null)))
		.group("h", List.of(new GroupMember("a", 1, null), GroupMember.of("b"), new GroupMember("c", null, 0)))
		.build();

	private static ProviderRegistry.Builder builder() {
		return ProviderRegistry.builder(CircuitBreakerRegistry.ofDefaults())
			.add(route("a", 0, 3), new ScriptedProvider("a"))
			.add(route("b", 0, 1), new ScriptedProvider("b"))
			.add(route("c", 1, 2), new ScriptedProvider("c"));
	}

	private static ProviderRoute route(String name, int priority, int weight) {
		return new ProviderRoute(new ProviderSettings(name, "openai", URI.create("http://127.0.0.1:1/v1"), null,
				"model-" + name, Map.of(), null), priority, weight, true, FailoverHarness.DEFAULT_BREAKER);
	}

	private ProviderRegistry group(String name) {
		return this.registry.group(name).orElseThrow();
	}

	@Test
	void aGroupDrawsByItsOwnTiersAndWeights() {
		// g: a 1, b 3 and c 2 (its own weight) all in tier 0.
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < DRAWS; i++) {
			counts.merge(group("g").select(System.currentTimeMillis(), 0, 0).name(), 1, Integer::sum);
		}
		assertThat(counts.get("a") / (double) DRAWS).isCloseTo(1 / 6.0, within(0.02));
		assertThat(counts.get("b") / (double) DRAWS).isCloseTo(3 / 6.0, within(0.02));
		assertThat(counts.get("c") / (double) DRAWS).isCloseTo(2 / 6.0, within(0.02));
		// h: b alone in tier 0, a behind it, c at weight 0.
		for (int i = 0; i < 100; i++) {
			assertThat(group("h").select(System.currentTimeMillis(), 0, 0).name()).isEqualTo("b");
		}
		assertThat(group("h").shares()).containsExactly(Map.entry("b", 1.0), Map.entry("a", 0.0), Map.entry("c", 0.0));
	}

	@Test
	void aProviderAtWeight0InAGroupIsOutOfThatGroupOnly() {
		this.registry.update("b", ProviderChange.enabled(false));
		long now = System.currentTimeMillis();
		// h has a left (tier 1); c is at weight 0 there, though in rotation elsewhere.
		for (int i = 0; i < 100; i++) {
			assertThat(group("h").select(now, 0, 0).name()).isEqualTo("a");
		}
		assertThat(group("h").find("c").orElseThrow().inRotation()).isFalse();
		assertThat(group("g").find("c").orElseThrow().inRotation()).isTrue();
		this.registry.update("a", ProviderChange.enabled(false));
		assertThat(group("h").select(now, 0, 0)).isNull();
		assertThat(group("h").unavailability(now).reasons())
			.isEqualTo("b disabled, a disabled, c has weight 0 in " + "group h");
	}

	@Test
	void operatorChangesApplyInEveryGroupButAGroupsOwnWeightStays() {
		this.registry.update("b", ProviderChange.weight(5));
		this.registry.update("a", ProviderChange.weight(7));
		assertThat(group("g").providers()).extracting(ProviderSnapshot::name, ProviderSnapshot::weight)
			.containsExactly(tuple("a", 1), tuple("b", 3), tuple("c", 2));
		assertThat(group("h").providers()).extracting(ProviderSnapshot::name, ProviderSnapshot::weight)
			.containsExactly(tuple("b", 5), tuple("a", 7), tuple("c", 0));
		this.registry.update("b", ProviderChange.weight(0));
		assertThat(group("g").find("b").orElseThrow().inRotation()).isFalse();
		assertThat(group("g").shares()).containsEntry("b", 0.0);
		assertThat(group("h").find("b").orElseThrow().inRotation()).isFalse();
	}

	@Test
	void theRegistryOfEveryProviderIsTheDefaultGroupUnlessAnotherIsNamed() {
		assertThat(this.registry.groups()).containsOnlyKeys("default", "g", "h");
		assertThat(this.registry.defaultGroup()).isSameAs(this.registry);
		assertThat(group("g").groups()).isSameAs(this.registry.groups());
		ProviderRegistry named = builder().group("g", List.of(GroupMember.of("c"))).defaultGroup("g").build();
		assertThat(named.groups()).containsOnlyKeys("g");
		assertThat(named.defaultGroup().name()).isEqualTo("g");
		assertThat(named.name()).isEqualTo(ProviderRegistry.DEFAULT_GROUP);
	}

	@Test
	void aGroupMustNameProvidersThereAre() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder().group("g", List.of(GroupMember.of("x"))).build())
			.withMessage("No LLM provider named 'x' for a model group; known: [a, b, c]");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().group("g", List.of()))
			.withMessage("Model group 'g' has no providers");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().defaultGroup("g").build())
			.withMessage("The default model group 'g' is not one of []");
		assertThatIllegalArgumentException().isThrownBy(() -> new GroupMember("a", null, -1));
	}

	@Test
	void aNameMayChooseOneGroupOnly() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DefaultFailoverChatClients(this.registry,
					(name) -> FailoverHarness.policy(3, Duration.ofSeconds(5), Duration.ofSeconds(2)),
					Map.of("g", List.of("fast"), "h", List.of("fast")), RetryBudget.unlimited(), Hedging.off(),
					Clock.systemUTC(), FailoverObservations.NONE))
			.withMessageContaining("'fast' names two model groups");
	}

	@Test
	void aRequestToAGroupWithNothingInRotationSaysWhyForThatGroup() {
		DefaultFailoverChatClients clients = new DefaultFailoverChatClients(this.registry,
				(name) -> FailoverHarness.policy(3, Duration.ofSeconds(5), Duration.ofSeconds(2)), Map.of(),
				RetryBudget.unlimited(), Hedging.off(), Clock.systemUTC(), FailoverObservations.NONE);
		this.registry.update("a", ProviderChange.enabled(false));
		this.registry.update("b", ProviderChange.enabled(false));
		assertThatExceptionOfType(NoProviderAvailableException.class)
			.isThrownBy(() -> clients.get("h").chat(ChatRequest.of("Hi")).block(Duration.ofSeconds(5)))
			.withMessageContaining("c has weight 0 in group h");
		assertThat(clients.get("g").chat(ChatRequest.of("Hi")).block(Duration.ofSeconds(5)).provider()).isEqualTo("c");
	}

}
