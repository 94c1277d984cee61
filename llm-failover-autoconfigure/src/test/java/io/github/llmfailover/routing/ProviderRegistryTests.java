package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * How {@link ProviderRegistry} chooses: priority tiers, weighted random inside a tier,
 * tried providers last, and what takes a provider out of rotation.
 */
class ProviderRegistryTests {

	private static final int DRAWS = 20_000;

	private final FailoverHarness harness = new FailoverHarness().provider("a", 0, 3, new ScriptedProvider("a"))
		.provider("b", 0, 1, new ScriptedProvider("b"))
		.provider("c", 1, 5, new ScriptedProvider("c"));

	private final Built built = this.harness.build();

	private final ProviderRegistry registry = this.built.registry();

	private long now() {
		return System.currentTimeMillis();
	}

	@Test
	void weightsGiveTheConfiguredSharesInsideTheFirstTier() {
		Map<String, Integer> counts = draw(0, 0);
		assertThat(counts.getOrDefault("a", 0) / (double) DRAWS).isCloseTo(0.75, within(0.02));
		assertThat(counts.getOrDefault("b", 0) / (double) DRAWS).isCloseTo(0.25, within(0.02));
		assertThat(counts).doesNotContainKey("c");
	}

	@Test
	void aLowerTierServesOnlyWhenTheHigherOneIsExhausted() {
		long triedAAndB = bit("a") | bit("b");
		assertThat(this.registry.select(now(), bit("a"), 0).name()).isEqualTo("b");
		assertThat(this.registry.select(now(), triedAAndB, 0).name()).isEqualTo("c");
		assertThat(this.registry.select(now(), 0, triedAAndB).name()).isEqualTo("c");
	}

	@Test
	void triedProvidersAreChosenAgainOnlyWhenNothingElseIsLeft() {
		long all = bit("a") | bit("b") | bit("c");
		Map<String, Integer> counts = draw(all, 0);
		assertThat(counts).containsOnlyKeys("a", "b");
		assertThat(this.registry.select(now(), all, all)).isNull();
	}

	@Test
	void weightZeroDisabledOpenAndCoolingDownProvidersAreOutOfRotation() {
		this.built.registry().update("a", ProviderChange.weight(0));
		assertThat(draw(0, 0)).containsOnlyKeys("b");
		this.built.registry().update("b", ProviderChange.enabled(false));
		assertThat(draw(0, 0)).containsOnlyKeys("c");
		this.built.provider("c").cooldown().coolDown(Duration.ofSeconds(10));
		assertThat(this.registry.select(now(), 0, 0)).isNull();
		this.built.registry().update("a", ProviderChange.weight(2));
		this.built.provider("a").circuit().breaker().transitionToForcedOpenState();
		assertThat(this.registry.select(now(), 0, 0)).isNull();
	}

	@Test
	void sharesFollowTiersWeightsAndCircuits() {
		assertThat(this.registry.shares(now())).containsEntry("a", 0.75)
			.containsEntry("b", 0.25)
			.containsEntry("c", 0.0);
		this.built.provider("a").circuit().breaker().transitionToForcedOpenState();
		assertThat(this.registry.shares(now())).containsEntry("a", 0.0).containsEntry("b", 1.0).containsEntry("c", 0.0);
		this.built.provider("b").cooldown().coolDown(Duration.ofSeconds(5));
		assertThat(this.registry.shares(now())).containsEntry("b", 0.0).containsEntry("c", 1.0);
	}

	@Test
	void sharesAndSnapshotsFollowTheRegistrysClock() {
		this.built.provider("a").cooldown().coolDown(Duration.ofSeconds(10));
		assertThat(this.registry.shares()).containsEntry("a", 0.0).containsEntry("b", 1.0);
		// Past the cooldown on the registry's clock, though not on the system's.
		this.harness.clock.advance(Duration.ofSeconds(11));
		assertThat(this.registry.shares()).containsEntry("a", 0.75).containsEntry("b", 0.25);
		assertThat(this.registry.find("a").orElseThrow()).satisfies((a) -> {
			assertThat(a.inRotation()).isTrue();
			assertThat(a.share()).isEqualTo(0.75);
			assertThat(a.cooldownUntil()).isNull();
		});
	}

	@Test
	void updatesApplyToTheNamedProviderOnly() {
		assertThat(this.registry.update("a", ProviderChange.weight(1))).hasValueSatisfying((a) -> {
			assertThat(a.weight()).isEqualTo(1);
			assertThat(a.configuredWeight()).isEqualTo(3);
			assertThat(a.share()).isEqualTo(0.5);
		});
		assertThat(this.registry.find("b").orElseThrow().weight()).isEqualTo(1);
		assertThat(this.registry.update("nope", ProviderChange.enabled(false))).isEmpty();
		assertThat(this.registry.find("nope")).isEmpty();
	}

	@Test
	void aChangeThatCannotApplyIsRefusedWhenCreated() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProviderChange.weight(-1))
			.withMessageContaining("weight must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> ProviderChange.circuitState(State.OPEN))
			.withMessageContaining("FORCED_OPEN, CLOSED or DISABLED");
		assertThatIllegalArgumentException().isThrownBy(() -> new ProviderChange(1, null, null, true))
			.withMessageContaining("reset cannot be combined");
		assertThatIllegalArgumentException().isThrownBy(() -> new ProviderChange(null, null, null, false))
			.withMessageContaining("Nothing to change");
	}

	@Test
	void resetReturnsAProviderToItsConfiguredState() {
		RoutedProvider a = this.built.provider("a");
		a.apply(ProviderChange.weight(9));
		a.apply(ProviderChange.enabled(false));
		a.cooldown().coolDown(Duration.ofSeconds(30));
		a.circuit().breaker().transitionToForcedOpenState();
		a.apply(ProviderChange.resetToConfiguration());
		ProviderSnapshot snapshot = this.registry.find("a").orElseThrow();
		assertThat(snapshot.weight()).isEqualTo(snapshot.configuredWeight()).isEqualTo(3);
		assertThat(snapshot.enabled()).isTrue();
		assertThat(snapshot.cooldownUntil()).isNull();
		assertThat(snapshot.circuitState()).isEqualTo(State.CLOSED);
		assertThat(snapshot.inRotation()).isTrue();
	}

	private long bit(String name) {
		return 1L << this.built.provider(name).index();
	}

	private Map<String, Integer> draw(long tried, long excluded) {
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < DRAWS; i++) {
			counts.merge(this.registry.select(now(), tried, excluded).name(), 1, Integer::sum);
		}
		return counts;
	}

}
