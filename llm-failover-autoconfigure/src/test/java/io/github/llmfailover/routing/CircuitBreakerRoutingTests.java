package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.provider.openai.OpenAiProviderClient;
import io.github.llmfailover.routing.FailoverHarness.Built;
import io.github.llmfailover.test.FakeLlmServer;

import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Circuit breakers as routing uses them: a failing provider's circuit opens and takes it
 * out of rotation, and after the wait trial calls bring it back. A rate limit that names
 * its wait is left to the cooldown.
 */
class CircuitBreakerRoutingTests {

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private static final Duration LIMIT = Duration.ofSeconds(5);

	private static final String RATE_LIMITED = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
			+ "\"code\":\"rate_limit_exceeded\"}}";

	private final ScriptedProvider failing = new ScriptedProvider("failing");

	private final ScriptedProvider healthy = new ScriptedProvider("healthy");

	private final FakeLlmServer limited = new FakeLlmServer();

	private final FakeLlmServer fallback = new FakeLlmServer().answer(openAiAnswer("from fallback"));

	private final FailoverHarness onHttp = new FailoverHarness();

	@AfterEach
	void stopServers() {
		this.limited.close();
		this.fallback.close();
	}

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
		assertThat(built.provider("failing").circuit().breaker().getState()).isEqualTo(State.OPEN);
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
		assertThat(built.provider("failing").circuit().breaker().getState()).isEqualTo(State.OPEN);
		await().atMost(LIMIT)
			.untilAsserted(() -> assertThat(built.provider("failing").circuit().breaker().getState())
				.isEqualTo(State.HALF_OPEN));
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("failing");
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("failing");
		assertThat(built.provider("failing").circuit().breaker().getState()).isEqualTo(State.CLOSED);
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
		long returnsAt = built.provider("failing").availability().returnsAtMillis(now);
		assertThat(Duration.ofMillis(returnsAt - now)).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
	}

	@Test
	void aRateLimitThatNamesItsWaitLeavesAHalfOpenCircuitToTheTrialCallsAfterTheWait() {
		this.limited.answer(status(429, RATE_LIMITED, Map.of("retry-after", "3")));
		Built built = buildOnHttp();
		CircuitBreaker breaker = halfOpen(built.provider("limited"));

		assertThat(chat(built).attempts()).extracting((attempt) -> attempt.provider() + ":" + attempt.status())
			.containsExactly("limited:429", "fallback:200");
		// Ignored by the breaker: neither a failure nor a success, and no trial call
		// used.
		assertThat(breaker.getState()).isEqualTo(State.HALF_OPEN);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isZero();
		this.limited.answer(openAiAnswer("from limited"));
		assertThat(chat(built).provider()).isEqualTo("fallback");

		this.onHttp.clock.advance(Duration.ofSeconds(3));
		assertThat(chat(built).provider()).isEqualTo("limited");
		assertThat(breaker.getState()).isEqualTo(State.HALF_OPEN);
		assertThat(chat(built).provider()).isEqualTo("limited");
		assertThat(breaker.getState()).isEqualTo(State.CLOSED);
		assertThat(this.limited.requests()).isEqualTo(3);
	}

	@Test
	void aRateLimitWithoutAHintStillCountsAsAFailure() {
		this.limited.answer(status(429, RATE_LIMITED));
		Built built = buildOnHttp();
		CircuitBreaker breaker = halfOpen(built.provider("limited"));

		assertThat(chat(built).provider()).isEqualTo("fallback");
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		this.limited.answer(openAiAnswer("from limited"));
		assertThat(chat(built).provider()).isEqualTo("limited");
		// One failure in the two trial calls: 50 %, the threshold.
		assertThat(breaker.getState()).isEqualTo(State.OPEN);
	}

	@Test
	void aRateLimitWithAHintDoesNotOpenAClosedCircuit() {
		this.limited.answer(status(429, RATE_LIMITED, Map.of("retry-after-ms", "500")));
		Built built = buildOnHttp();
		CircuitBreaker breaker = built.provider("limited").circuit().breaker();
		for (int i = 0; i < 6; i++) {
			assertThat(chat(built).provider()).isEqualTo("fallback");
			this.onHttp.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(this.limited.requests()).isEqualTo(6);
		assertThat(breaker.getState()).isEqualTo(State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	/**
	 * Two providers on real HTTP servers speaking OpenAI's format: {@code limited} on
	 * priority 0, {@code fallback} below it.
	 */
	private Built buildOnHttp() {
		return this.onHttp
			.provider("limited", this.limited.baseUrl(), 0, 1,
					(settings) -> OpenAiProviderClient.factory().create(settings, WebClient.builder()))
			.provider("fallback", this.fallback.baseUrl(), 1, 1,
					(settings) -> OpenAiProviderClient.factory().create(settings, WebClient.builder()))
			.breaker(new CircuitBreakerSettings(50, 4, 4, Duration.ofSeconds(30), 2))
			.build();
	}

	private static CircuitBreaker halfOpen(RoutedProvider provider) {
		CircuitBreaker breaker = provider.circuit().breaker();
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		return breaker;
	}

	private static ChatResponse chat(Built built) {
		return built.client().chat(REQUEST).block(LIMIT);
	}

}
