package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The panic routing strategies alone: which providers out of rotation each admits.
 */
class PanicRoutingTests {

	private static final List<String> NAMES = List.of("closed", "open", "halfOpen", "forcedOpen", "disabled",
			"weightZero", "coolingDown");

	private final Built built = new FailoverHarness().provider("closed", 0, 1, new ScriptedProvider("closed"))
		.provider("open", 0, 1, new ScriptedProvider("open"))
		.provider("halfOpen", 0, 1, new ScriptedProvider("halfOpen"))
		.provider("forcedOpen", 0, 1, new ScriptedProvider("forcedOpen"))
		.provider("disabled", 0, 1, new ScriptedProvider("disabled"))
		.provider("weightZero", 0, 1, new ScriptedProvider("weightZero"))
		.provider("coolingDown", 0, 1, new ScriptedProvider("coolingDown"))
		.build();

	PanicRoutingTests() {
		this.built.provider("open").circuit().breaker().transitionToOpenState();
		this.built.provider("halfOpen").circuit().breaker().transitionToOpenState();
		this.built.provider("halfOpen").circuit().breaker().transitionToHalfOpenState();
		this.built.provider("forcedOpen").circuit().breaker().transitionToForcedOpenState();
		this.built.provider("disabled").circuit().breaker().transitionToOpenState();
		this.built.provider("disabled").apply(ProviderChange.enabled(false));
		this.built.provider("weightZero").circuit().breaker().transitionToOpenState();
		this.built.provider("weightZero").apply(ProviderChange.weight(0));
		this.built.provider("coolingDown").circuit().breaker().transitionToOpenState();
		this.built.provider("coolingDown").cooldown().coolDown(Duration.ofSeconds(30));
	}

	@Test
	void openCircuitsAdmitsOnlyProvidersOutOfRotationBecauseTheirCircuitOpenedByItself() {
		PanicRouting routing = PanicRouting.openCircuits();
		long now = System.currentTimeMillis();
		assertThat(NAMES).filteredOn((name) -> routing.admits(this.built.provider(name), now)).containsExactly("open");
	}

	@Test
	void aCooledDownProviderIsAdmittedAgainOnceItsCooldownIsOver() {
		RoutedProvider coolingDown = this.built.provider("coolingDown");
		long later = System.currentTimeMillis() + Duration.ofSeconds(31).toMillis();
		assertThat(PanicRouting.openCircuits().admits(coolingDown, later)).isTrue();
	}

	@Test
	void offAdmitsNone() {
		PanicRouting routing = PanicRouting.off();
		long now = System.currentTimeMillis();
		assertThat(NAMES).noneMatch((name) -> routing.admits(this.built.provider(name), now));
	}

}
