package io.github.llmfailover.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.routing.FailoverHarness.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The circuit as routing watches it, on a real Resilience4j breaker: when an open state
 * ends, what the listeners hear, and what operators and other instances can do to it.
 */
class CircuitWatchTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock();

	private final CircuitBreaker breaker = CircuitBreaker.of("openai",
			new CircuitBreakerSettings(50, 4, 4, WAIT, 1).toCircuitBreakerConfig());

	private final RecordingStateListener recorder = new RecordingStateListener();

	private final List<String> heard = this.recorder.heard;

	private final CircuitWatch circuit = new CircuitWatch("openai", this.breaker, this.clock, this.recorder);

	@Test
	void aCircuitThatOpensByItselfIsOutUntilItsWaitEndsAndIsHeard() {
		long before = this.clock.millis();
		failTimes(4);
		long after = this.clock.millis();
		assertThat(this.circuit.state()).isEqualTo(State.OPEN);
		assertThat(this.circuit.isOpen()).isTrue();
		assertThat(this.circuit.isOpenByItself()).isTrue();
		long until = this.circuit.letsCallsThroughAtMillis(0);
		assertThat(until).isBetween(before + WAIT.toMillis(), after + WAIT.toMillis());
		assertThat(this.heard).containsExactly("opened openai until " + until);
		assertThat(this.circuit.letsCallsThroughAtMillis(until + 5)).isEqualTo(until + 5);
		assertThat(this.circuit.unavailableReason()).isEqualTo("openai circuit OPEN");
	}

	@Test
	void theFailureRateIsKnownOnceTheWindowHasItsMinimumOfCalls() {
		this.breaker.onSuccess(0, TimeUnit.MILLISECONDS);
		assertThat(this.circuit.failureRate()).isNull();
		this.breaker.onSuccess(0, TimeUnit.MILLISECONDS);
		this.breaker.onSuccess(0, TimeUnit.MILLISECONDS);
		failTimes(1);
		assertThat(this.circuit.failureRate()).isEqualTo(25.0f);
	}

	@Test
	void closingAfterHalfOpenIsHeardButClosingAForcedCircuitIsNot() {
		this.breaker.transitionToOpenState();
		this.breaker.transitionToHalfOpenState();
		assertThat(this.circuit.isOpen()).isFalse();
		this.breaker.onSuccess(0, TimeUnit.MILLISECONDS);
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
		assertThat(this.heard).last().isEqualTo("closed openai");
		this.circuit.force(State.FORCED_OPEN);
		this.circuit.force(State.CLOSED);
		assertThat(this.heard).hasSize(2);
	}

	@Test
	void aForcedOpenCircuitComesBackOnlyThroughAnOperator() {
		this.circuit.force(State.FORCED_OPEN);
		assertThat(this.circuit.isOpen()).isTrue();
		assertThat(this.circuit.isOpenByItself()).isFalse();
		assertThat(this.circuit.letsCallsThroughAtMillis(this.clock.millis())).isEqualTo(Long.MAX_VALUE);
		assertThat(this.heard).isEmpty();
		this.circuit.reset();
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
	}

	@Test
	void aDisabledCircuitLetsEveryCallThrough() {
		this.circuit.force(State.DISABLED);
		failTimes(4);
		assertThat(this.circuit.state()).isEqualTo(State.DISABLED);
		assertThat(this.circuit.isOpen()).isFalse();
		assertThat(this.circuit.letsCallsThroughAtMillis(7)).isEqualTo(7);
	}

	@Test
	void anOpenCircuitFromAnotherInstanceKeepsItsEnd() {
		Instant until = this.clock.instant().plusSeconds(5);
		this.circuit.openUntil(until);
		assertThat(this.circuit.state()).isEqualTo(State.OPEN);
		assertThat(this.circuit.letsCallsThroughAtMillis(0)).isEqualTo(until.toEpochMilli());
		assertThat(this.heard).containsExactly("opened openai until " + until.toEpochMilli());
	}

	@Test
	void anOpenCircuitFromAnotherInstanceDoesNotShortenOneOpenLonger() {
		failTimes(4);
		long until = this.circuit.letsCallsThroughAtMillis(0);
		this.circuit.openUntil(this.clock.instant().plusSeconds(5));
		assertThat(this.circuit.letsCallsThroughAtMillis(0)).isEqualTo(until);
		assertThat(this.heard).hasSize(1);
	}

	@Test
	void anOpenCircuitFromAnotherInstanceLeavesForcedAndDisabledCircuitsAndIgnoresThePast() {
		this.circuit.openUntil(this.clock.instant().minusSeconds(1));
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
		this.circuit.force(State.FORCED_OPEN);
		this.circuit.openUntil(this.clock.instant().plusSeconds(5));
		assertThat(this.circuit.state()).isEqualTo(State.FORCED_OPEN);
		this.circuit.force(State.DISABLED);
		this.circuit.openUntil(this.clock.instant().plusSeconds(5));
		assertThat(this.circuit.state()).isEqualTo(State.DISABLED);
		assertThat(this.heard).isEmpty();
	}

	@Test
	void aHealthyProviderElsewhereClosesOnlyAnOpenOrHalfOpenCircuit() {
		this.breaker.transitionToOpenState();
		this.circuit.close();
		assertThat(this.circuit.state()).isEqualTo(State.CLOSED);
		this.circuit.force(State.FORCED_OPEN);
		this.circuit.close();
		assertThat(this.circuit.state()).isEqualTo(State.FORCED_OPEN);
	}

	private void failTimes(int times) {
		for (int i = 0; i < times; i++) {
			this.breaker.onError(0, TimeUnit.MILLISECONDS,
					ProviderException.errorStatus("openai", 500, "Internal error", null, null, null));
		}
	}

}
