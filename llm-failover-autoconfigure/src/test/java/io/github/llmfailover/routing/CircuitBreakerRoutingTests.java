package io.github.llmfailover.routing;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Circuit breakers as routing uses them: a failing provider's circuit opens and takes it
 * out of rotation, and after the wait trial calls bring it back.
 */
class CircuitBreakerRoutingTests {

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private static final Duration LIMIT = Duration.ofSeconds(5);

	private final ScriptedProvider failing = new ScriptedProvider("failing");

	private final ScriptedProvider healthy = new ScriptedProvider("healthy");

	private Built build(Duration waitInOpenState) {
		return new FailoverHarness().provider("failing", 0, 1, this.failing)
			.provider("healthy", 1, 1, this.healthy)
			.breaker(new CircuitBreakerSettings(50, 4, 4, waitInOpenState, 2))
			.build();
	}

	@Test
	void aProviderThatKeepsFailingIsTakenOutOfRotationByItsCircuit() {
		this.failing.always(() -> this.failing.status(503));
		Built built = build(Duration.ofSeconds(30));
		for (int i = 0; i < 4; i++) {
			assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("healthy");
		}
		assertThat(built.provider("failing").circuitBreaker().getState()).isEqualTo(State.OPEN);
		for (int i = 0; i < 10; i++) {
			assertThat(built.client().chat(REQUEST).block(LIMIT).attempts()).hasSize(1);
		}
		assertThat(this.failing.calls).hasValue(4);
		assertThat(built.registry().shares(System.currentTimeMillis())).containsEntry("failing", 0.0)
			.containsEntry("healthy", 1.0);
	}

	@Test
	void anOpenCircuitLetsTrialCallsThroughAfterTheWaitAndClosesWhenTheySucceed() {
		this.failing.then(() -> this.failing.status(500), () -> this.failing.status(500),
				() -> this.failing.status(500), () -> this.failing.status(500));
		Built built = build(Duration.ofMillis(300));
		for (int i = 0; i < 4; i++) {
			built.client().chat(REQUEST).block(LIMIT);
		}
		assertThat(built.provider("failing").circuitBreaker().getState()).isEqualTo(State.OPEN);
		await().atMost(LIMIT)
			.untilAsserted(
					() -> assertThat(built.provider("failing").circuitBreaker().getState()).isEqualTo(State.HALF_OPEN));
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("failing");
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("failing");
		assertThat(built.provider("failing").circuitBreaker().getState()).isEqualTo(State.CLOSED);
	}

	@Test
	void whileOpenTheCircuitReportsWhenItWillLetCallsThroughAgain() {
		this.failing.always(() -> this.failing.status(503));
		this.healthy.always(() -> this.healthy.status(503));
		Built built = build(Duration.ofSeconds(30));
		for (int i = 0; i < 4; i++) {
			built.client().chat(REQUEST).onErrorResume((ex) -> reactor.core.publisher.Mono.empty()).block(LIMIT);
		}
		long now = System.currentTimeMillis();
		long returnsAt = built.provider("failing").returnsAtMillis(now);
		assertThat(Duration.ofMillis(returnsAt - now)).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
	}

}
