package io.github.llmfailover.routing;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Panic routing and the retry budget in the engine, against scripted providers and in
 * virtual time: requests are served past open circuits and by the usual tiers, the
 * breakers still hear the outcomes, panic starts and ends with one log line each, only
 * open circuits take part, and retries stop once the budget is spent.
 */
@ExtendWith(OutputCaptureExtension.class)
class PanicFailoverTests {

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private static final Duration LIMIT = Duration.ofSeconds(5);

	private static final String STARTED = "routing requests anyway";

	private static final String ENDED = "Panic routing ended";

	private final ScriptedProvider a = new ScriptedProvider("a");

	private final ScriptedProvider b = new ScriptedProvider("b");

	private final ScriptedProvider fallback = new ScriptedProvider("fallback");

	@Test
	void whenEveryCircuitIsOpenRequestsAreServedByWeightAndTheBreakersHearTheOutcomes() {
		this.b.always(() -> this.b.status(503));
		Built built = new FailoverHarness().provider("a", 0, 1, this.a)
			.provider("b", 0, 1, this.b)
			.breaker(new CircuitBreakerSettings(50, 100, 100, Duration.ofSeconds(30), 2))
			.build();
		open(built, "a", "b");
		for (int i = 0; i < 40; i++) {
			ChatResponse response = chatInVirtualTime(built);
			assertThat(response.provider()).isEqualTo("a");
		}
		assertThat(this.a.calls).hasValue(40);
		// Drawn by weight: b comes first in about half the requests, and fails over to a.
		assertThat(this.b.calls.get()).isBetween(5, 35);
		CircuitBreaker.Metrics aMetrics = built.provider("a").circuit().breaker().getMetrics();
		CircuitBreaker.Metrics bMetrics = built.provider("b").circuit().breaker().getMetrics();
		assertThat(aMetrics.getNumberOfSuccessfulCalls()).isEqualTo(40);
		assertThat(bMetrics.getNumberOfFailedCalls()).isEqualTo(this.b.calls.get());
		assertThat(aMetrics.getNumberOfNotPermittedCalls() + bMetrics.getNumberOfNotPermittedCalls()).isZero();
		assertThat(built.registry().panic().isActive()).isTrue();
		assertThat(built.registry().panic().routedAttempts()).isEqualTo(40 + this.b.calls.get());
		assertThat(built.registry().shares(System.currentTimeMillis())).containsEntry("a", 0.5).containsEntry("b", 0.5);
	}

	@Test
	void panicFollowsTheTiersAndTriedProvidersGoLast() {
		this.a.always(() -> this.a.status(500));
		Built built = new FailoverHarness().provider("a", 0, 1, this.a)
			.provider("fallback", 1, 1, this.fallback)
			.build();
		open(built, "a", "fallback");
		for (int i = 0; i < 5; i++) {
			ChatResponse response = chatInVirtualTime(built);
			assertThat(response.attempts()).extracting(Attempt::provider).containsExactly("a", "fallback");
		}
	}

	@Test
	void panicStartsAndEndsWithOneLogLineEach(CapturedOutput output) {
		Built built = new FailoverHarness().provider("a", 0, 1, this.a).provider("b", 0, 1, this.b).build();
		open(built, "a", "b");
		for (int i = 0; i < 10; i++) {
			chatInVirtualTime(built);
		}
		assertThat(built.registry().panic().since()).isNotNull();
		built.provider("a").circuit().breaker().transitionToClosedState();
		for (int i = 0; i < 10; i++) {
			assertThat(chatInVirtualTime(built).provider()).isEqualTo("a");
		}
		assertThat(built.registry().panic().isActive()).isFalse();
		assertThat(built.registry().panic().since()).isNull();
		assertThat(output.getOut().split(STARTED, -1)).hasSize(2);
		assertThat(output.getOut().split(ENDED, -1)).hasSize(2);
		assertThat(output).contains("(a, b)").contains("'a' is back in rotation");
	}

	@Test
	void providersCoolingDownDisabledForcedOpenOrAtWeightZeroNeverTakePart() {
		ScriptedProvider cooling = new ScriptedProvider("cooling");
		ScriptedProvider disabled = new ScriptedProvider("disabled");
		ScriptedProvider forced = new ScriptedProvider("forced");
		ScriptedProvider zero = new ScriptedProvider("zero");
		Built built = new FailoverHarness().provider("a", 1, 1, this.a)
			.provider("cooling", 0, 1, cooling)
			.provider("disabled", 0, 1, disabled)
			.provider("forced", 0, 1, forced)
			.provider("zero", 0, 1, zero)
			.build();
		open(built, "a", "cooling", "disabled", "zero");
		built.provider("cooling").cooldown().coolDown(Duration.ofSeconds(30));
		built.provider("disabled").apply(ProviderChange.enabled(false));
		built.provider("forced").circuit().breaker().transitionToForcedOpenState();
		built.provider("zero").apply(ProviderChange.weight(0));
		for (int i = 0; i < 20; i++) {
			assertThat(chatInVirtualTime(built).provider()).isEqualTo("a");
		}
		built.provider("a").circuit().breaker().transitionToForcedOpenState();
		assertThatExceptionOfType(NoProviderAvailableException.class)
			.isThrownBy(() -> built.client().chat(REQUEST).block(LIMIT));
		assertThat(cooling.calls.get() + disabled.calls.get() + forced.calls.get() + zero.calls.get()).isZero();
		assertThat(built.registry().panic().isActive()).isFalse();
	}

	@Test
	void aProviderHeldBackByItsRateLimitTakesNoPart() {
		FailoverHarness harness = new FailoverHarness().provider("a", 0, 1000, this.a)
			.provider("b", 0, 1, this.b)
			.rateLimit("a", new RateLimit(1, 0));
		harness.clock.startOfNextWindow();
		Built built = harness.build();
		open(built, "a", "b");
		for (int i = 0; i < 20; i++) {
			chatInVirtualTime(built);
		}
		assertThat(this.a.calls).hasValue(1);
		assertThat(this.b.calls).hasValue(19);
		assertThat(built.registry().shares(System.currentTimeMillis())).containsEntry("a", 0.0).containsEntry("b", 1.0);
	}

	@Test
	void withPanicRoutingOffRequestsFailFast() {
		Built built = new FailoverHarness().provider("a", 0, 1, this.a)
			.provider("b", 0, 1, this.b)
			.panicRouting(PanicRouting.off())
			.build();
		open(built, "a", "b");
		assertThatExceptionOfType(NoProviderAvailableException.class)
			.isThrownBy(() -> built.client().chat(REQUEST).block(LIMIT));
		assertThat(this.a.calls.get() + this.b.calls.get()).isZero();
		assertThat(built.registry().panic().isActive()).isFalse();
	}

	@Test
	void theBudgetStopsRetriesOnceSpentAndRefillsAsTheWindowSlides() {
		this.a.always(() -> this.a.status(503));
		this.b.always(() -> this.b.status(503));
		FailoverHarness harness = new FailoverHarness().provider("a", 0, 1, this.a)
			.provider("b", 0, 1, this.b)
			.breaker(new CircuitBreakerSettings(50, 100, 100, Duration.ofSeconds(30), 2));
		// No share of requests, a reserve of 2 retries over a 2 s window.
		Built built = harness.retryBudget(RetryBudget.of(0, 1, Duration.ofSeconds(2), harness.clock)).build();
		assertThat(failedAttempts(built)).isEqualTo(3);
		assertThat(failedAttempts(built)).isEqualTo(1);
		assertThat(failedAttempts(built)).isEqualTo(1);
		harness.clock.advance(Duration.ofMillis(2100));
		assertThat(failedAttempts(built)).isEqualTo(3);
		assertThat(this.a.calls.get() + this.b.calls.get()).isEqualTo(8);
	}

	@Test
	void retriesOfServedRequestsGiveTheirTokensBack() {
		this.a.always(() -> this.a.status(503));
		FailoverHarness harness = new FailoverHarness().provider("a", 0, 1, this.a)
			.provider("fallback", 1, 1, this.fallback)
			.breaker(new CircuitBreakerSettings(50, 100, 100, Duration.ofSeconds(30), 2));
		RetryBudget budget = RetryBudget.of(0, 1, Duration.ofSeconds(1), harness.clock);
		Built built = harness.retryBudget(budget).build();
		for (int i = 0; i < 10; i++) {
			assertThat(chatInVirtualTime(built).provider()).isEqualTo("fallback");
		}
		assertThat(budget.available()).isEqualTo(1);
		assertThat(budget.rejected()).isZero();
	}

	@Test
	void anAttemptTheCircuitRefusesGivesItsTokenBack() {
		this.a.always(() -> this.a.status(503));
		FailoverHarness harness = new FailoverHarness().provider("a", 0, 1, this.a)
			.provider("fallback", 1, 1, this.fallback)
			.breaker(new CircuitBreakerSettings(50, 100, 100, Duration.ofSeconds(30), 1));
		Built built = harness.retryBudget(RetryBudget.of(0, 1, Duration.ofSeconds(2), harness.clock)).build();
		// Half-open with its one trial call taken: the fallback is in rotation but
		// refuses.
		CircuitBreaker fallbackBreaker = built.provider("fallback").circuit().breaker();
		fallbackBreaker.transitionToOpenState();
		fallbackBreaker.transitionToHalfOpenState();
		assertThat(fallbackBreaker.tryAcquirePermission()).isTrue();
		// a, the refused fallback (no call), a, a: the refusal cost no token.
		assertThat(failedAttempts(built)).isEqualTo(4);
		assertThat(this.a.calls).hasValue(3);
		assertThat(this.fallback.calls).hasValue(0);
	}

	private static void open(Built built, String... names) {
		for (String name : names) {
			built.provider(name).circuit().breaker().transitionToOpenState();
		}
	}

	private static ChatResponse chatInVirtualTime(Built built) {
		ChatResponse[] response = new ChatResponse[1];
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST))
			.thenAwait(Duration.ofSeconds(10))
			.consumeNextWith((served) -> response[0] = served)
			.verifyComplete();
		return response[0];
	}

	private static int failedAttempts(Built built) {
		int[] attempts = new int[1];
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST).onErrorResume((error) -> {
			assertThat(error).isInstanceOf(AllProvidersFailedException.class);
			attempts[0] = ((AllProvidersFailedException) error).attempts().size();
			return Mono.empty();
		})).thenAwait(Duration.ofSeconds(10)).verifyComplete();
		return attempts[0];
	}

}
