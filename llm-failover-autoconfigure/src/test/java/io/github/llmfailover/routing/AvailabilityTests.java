package io.github.llmfailover.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import io.github.llmfailover.routing.FailoverHarness.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether a provider is in rotation, when it comes back and why it is out, from real
 * operator state, circuit and cooldowns: the three answers agree, and operators come
 * first, then the holds in their order, then the circuit.
 */
class AvailabilityTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock();

	private final long now = this.clock.millis();

	private final OperatorState operator = new OperatorState("openai", 3, true);

	private final CircuitBreaker breaker = CircuitBreaker.of("openai",
			new CircuitBreakerSettings(50, 4, 4, WAIT, 1).toCircuitBreakerConfig());

	private final CircuitWatch circuit = new CircuitWatch("openai", this.breaker, this.clock,
			ProviderStateListeners.NONE);

	private final Cooldown cooldown = new Cooldown("openai", this.clock, ProviderStateListeners.NONE);

	/** A second hold, given its reasons after the cooldown's. */
	private final Cooldown later = new Cooldown("later", this.clock, ProviderStateListeners.NONE);

	private final Availability availability = new Availability(this.operator, this.circuit,
			List.of(this.cooldown, this.later));

	@Test
	void aProviderNothingKeepsOutIsInRotationNow() {
		assertThat(this.availability.isInRotation(this.now)).isTrue();
		assertThat(this.availability.isOutOnlyForOpenCircuit(this.now)).isFalse();
		assertThat(this.availability.returnsAtMillis(this.now)).isEqualTo(this.now);
	}

	@Test
	void anyHoldKeepsItOutUntilTheLatestEnds() {
		this.cooldown.coolDownUntil(Instant.ofEpochMilli(this.now + 5_000));
		this.later.coolDownUntil(Instant.ofEpochMilli(this.now + 9_000));
		assertThat(this.availability.isInRotation(this.now)).isFalse();
		assertThat(this.availability.isInRotation(this.now + 6_000)).isFalse();
		assertThat(this.availability.isInRotation(this.now + 9_000)).isTrue();
		assertThat(this.availability.returnsAtMillis(this.now)).isEqualTo(this.now + 9_000);
		assertThat(this.availability.unavailableReason(this.now)).isEqualTo("openai cooling down for 5s");
		assertThat(this.availability.unavailableReason(this.now + 6_000)).isEqualTo("later cooling down for 3s");
	}

	@Test
	void operatorsComeFirstAndOnlyTheyBringItBack() {
		this.cooldown.coolDownUntil(Instant.ofEpochMilli(this.now + 5_000));
		this.operator.apply(ProviderChange.enabled(false));
		assertThat(this.availability.unavailableReason(this.now)).isEqualTo("openai disabled");
		assertThat(this.availability.returnsAtMillis(this.now)).isEqualTo(Long.MAX_VALUE);
		this.operator.apply(new ProviderChange(0, true, null, false));
		assertThat(this.availability.isInRotation(this.now + 5_000)).isFalse();
		assertThat(this.availability.returnsAtMillis(this.now)).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void anOpenCircuitKeepsItOutUntilItsWaitEndsUnlessAHoldLastsLonger() {
		this.breaker.transitionToOpenState();
		long open = this.circuit.letsCallsThroughAtMillis(0);
		assertThat(this.availability.isInRotation(this.now)).isFalse();
		assertThat(this.availability.isOutOnlyForOpenCircuit(this.now)).isTrue();
		assertThat(this.availability.returnsAtMillis(this.now)).isEqualTo(open);
		assertThat(this.availability.unavailableReason(this.now)).isEqualTo("openai circuit OPEN");
		this.cooldown.coolDownUntil(Instant.ofEpochMilli(open + 1_000));
		assertThat(this.availability.isOutOnlyForOpenCircuit(this.now)).isFalse();
		assertThat(this.availability.returnsAtMillis(this.now)).isEqualTo(open + 1_000);
		assertThat(this.availability.unavailableReason(this.now)).startsWith("openai cooling down");
	}

	@Test
	void aForcedOpenCircuitIsOutButNotForItsOwnWait() {
		this.circuit.force(State.FORCED_OPEN);
		assertThat(this.availability.isInRotation(this.now)).isFalse();
		assertThat(this.availability.isOutOnlyForOpenCircuit(this.now)).isFalse();
		assertThat(this.availability.returnsAtMillis(this.now)).isEqualTo(Long.MAX_VALUE);
		assertThat(this.availability.unavailableReason(this.now)).isEqualTo("openai circuit FORCED_OPEN");
	}

	@Test
	void aHalfOpenCircuitTakesTrialCalls() {
		this.breaker.transitionToOpenState();
		this.breaker.transitionToHalfOpenState();
		assertThat(this.availability.isInRotation(this.now)).isTrue();
	}

}
