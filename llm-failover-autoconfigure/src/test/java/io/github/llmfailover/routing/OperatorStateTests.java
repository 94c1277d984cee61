package io.github.llmfailover.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weight and enabled flag operators set: each part of a change applies on its own, a
 * reset returns to the configuration, and a provider out of their rotation says why.
 */
class OperatorStateTests {

	private final OperatorState state = new OperatorState("openai", 3, true);

	@Test
	void aConfiguredProviderIsAdmittedWithItsWeight() {
		assertThat(this.state.admits()).isTrue();
		assertThat(this.state.weight()).isEqualTo(3);
		assertThat(this.state.unavailableReason()).isNull();
	}

	@Test
	void aWeightChangeKeepsTheFlagAndTheConfiguredWeight() {
		this.state.apply(ProviderChange.weight(7));
		assertThat(this.state.weight()).isEqualTo(7);
		assertThat(this.state.configuredWeight()).isEqualTo(3);
		assertThat(this.state.enabled()).isTrue();
	}

	@Test
	void weightZeroTakesTheProviderOut() {
		this.state.apply(ProviderChange.weight(0));
		assertThat(this.state.admits()).isFalse();
		assertThat(this.state.unavailableReason()).isEqualTo("openai has weight 0");
	}

	@Test
	void disablingTakesTheProviderOutAndSaysSoFirst() {
		this.state.apply(new ProviderChange(0, false, null, false));
		assertThat(this.state.admits()).isFalse();
		assertThat(this.state.weight()).isZero();
		assertThat(this.state.unavailableReason()).isEqualTo("openai disabled");
	}

	@Test
	void aCircuitChangeLeavesWeightAndFlag() {
		this.state.apply(ProviderChange.circuitState(State.FORCED_OPEN));
		assertThat(this.state.weight()).isEqualTo(3);
		assertThat(this.state.admits()).isTrue();
	}

	@Test
	void aResetReturnsToTheConfiguration() {
		OperatorState disabled = new OperatorState("local", 2, false);
		disabled.apply(new ProviderChange(5, true, null, false));
		assertThat(disabled.admits()).isTrue();
		disabled.reset();
		assertThat(disabled.weight()).isEqualTo(2);
		assertThat(disabled.enabled()).isFalse();
		assertThat(disabled.configuration()).isEqualTo("weight 2, enabled false");
		assertThat(disabled.unavailableReason()).isEqualTo("local disabled");
	}

}
