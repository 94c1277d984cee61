package io.github.llmfailover.routing;

import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverTimeoutException;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.chat.ProviderRequestException;
import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * The failover rules of {@link DefaultFailoverChatClient}, against scripted providers and
 * in virtual time, so that "at once" and "after a backoff" can be told apart exactly.
 */
class DefaultFailoverChatClientTests {

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private static final Duration VERIFY_LIMIT = Duration.ofSeconds(5);

	private final ScriptedProvider primary = new ScriptedProvider("primary");

	private final ScriptedProvider secondary = new ScriptedProvider("secondary");

	private final FailoverHarness harness = new FailoverHarness().provider("primary", 0, 1, this.primary)
		.provider("secondary", 1, 1, this.secondary);

	@Test
	void answersFromTheFirstTierWhenItIsHealthy() {
		ChatResponse response = this.harness.build().client().chat(REQUEST).block(VERIFY_LIMIT);
		assertThat(response.content()).isEqualTo("answer from primary");
		assertThat(response.provider()).isEqualTo("primary");
		assertThat(response.usage().outputTokens()).isEqualTo(5);
		assertThat(response.attempts()).extracting(Attempt::outcome).containsExactly(AttemptOutcome.SUCCESS);
		assertThat(this.secondary.calls).hasValue(0);
	}

	@Test
	void failsOverToAnUntriedProviderWithoutWaiting() {
		this.primary.always(() -> this.primary.status(503));
		Built built = this.harness.build();
		// No virtual time passes: a backoff before switching providers would never
		// complete.
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST)).assertNext((response) -> {
			assertThat(response.provider()).isEqualTo("secondary");
			assertThat(response.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::status)
				.containsExactly(tuple("primary", AttemptOutcome.SERVER_ERROR, 503),
						tuple("secondary", AttemptOutcome.SUCCESS, 200));
		}).expectComplete().verify(VERIFY_LIMIT);
	}

	@Test
	void backsOffWithJitterBeforeCallingTheSameProviderAgain() {
		ScriptedProvider only = new ScriptedProvider("only").then(() -> Mono.error(
				io.github.llmfailover.provider.ProviderException.errorStatus("only", 500, "boom", null, null, null)));
		Built built = new FailoverHarness().provider("only", 0, 1, only).build();
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST))
			.expectSubscription()
			.thenAwait(Duration.ofMillis(200))
			.assertNext((response) -> assertThat(response.attempts()).hasSize(2))
			.expectComplete()
			.verify(VERIFY_LIMIT);
		long gap = only.callTimesNanos.get(1) - only.callTimesNanos.get(0);
		assertThat(Duration.ofNanos(gap)).isBetween(Duration.ZERO, Duration.ofMillis(200));
	}

	@Test
	void triedProvidersGoLastInsideATier() {
		ScriptedProvider a = new ScriptedProvider("a").always(() -> Mono
			.error(io.github.llmfailover.provider.ProviderException.errorStatus("a", 503, "down", null, null, null)));
		ScriptedProvider b = new ScriptedProvider("b").always(() -> Mono
			.error(io.github.llmfailover.provider.ProviderException.errorStatus("b", 503, "down", null, null, null)));
		// A breaker that never opens here, so every request reaches both providers.
		Built built = new FailoverHarness().provider("a", 0, 100, a)
			.provider("b", 0, 1, b)
			.breaker(new CircuitBreakerSettings(50, 100, 100, Duration.ofSeconds(30), 2))
			.build();
		for (int i = 0; i < 20; i++) {
			StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST).onErrorResume((ex) -> Mono.empty()))
				.thenAwait(Duration.ofSeconds(10))
				.verifyComplete();
		}
		// Whichever came first, the second attempt of each request went to the other
		// provider.
		assertThat(b.calls.get()).isGreaterThanOrEqualTo(20);
	}

	@Test
	void stopsAfterMaxAttemptsWithEveryAttemptInTheException() {
		this.primary.always(() -> this.primary.status(503));
		this.secondary.always(() -> this.secondary.status(502));
		Built built = this.harness.policy(FailoverHarness.policy(2, Duration.ofSeconds(10), Duration.ofSeconds(5)))
			.build();
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST)).expectErrorSatisfies((error) -> {
			assertThat(error).isInstanceOf(AllProvidersFailedException.class)
				.hasMessageContaining("primary")
				.hasMessageContaining("secondary");
			assertThat(((AllProvidersFailedException) error).attempts()).extracting(Attempt::status)
				.containsExactly(503, 502);
		}).verify(VERIFY_LIMIT);
	}

	@Test
	void aRequestTheProviderRejectsGoesToExactlyOneProviderAndCostsItNothing() {
		this.primary.always(() -> this.primary.status(400));
		Built built = this.harness.build();
		StepVerifier.create(built.client().chat(REQUEST)).expectErrorSatisfies((error) -> {
			assertThat(error).isInstanceOf(ProviderRequestException.class);
			ProviderRequestException rejected = (ProviderRequestException) error;
			assertThat(rejected.provider()).isEqualTo("primary");
			assertThat(rejected.status()).isEqualTo(400);
			assertThat(rejected.providerMessage()).isEqualTo("HTTP 400 from primary");
			assertThat(rejected.attempts()).hasSize(1);
		}).verify(VERIFY_LIMIT);
		assertThat(this.secondary.calls).hasValue(0);
		CircuitBreaker.Metrics metrics = built.provider("primary").circuit().breaker().getMetrics();
		assertThat(metrics.getNumberOfFailedCalls()).isZero();
		assertThat(built.snapshot("primary").lastError()).isNull();
	}

	@Test
	void aMisconfiguredProviderIsNotCalledTwiceInOneRequest() {
		this.primary.always(() -> this.primary.status(401));
		this.secondary.always(() -> this.secondary.status(503));
		Built built = this.harness.build();
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST))
			.thenAwait(Duration.ofSeconds(10))
			.expectError(AllProvidersFailedException.class)
			.verify(VERIFY_LIMIT);
		assertThat(this.primary.calls).hasValue(1);
		assertThat(this.secondary.calls).hasValue(2);
		assertThat(built.snapshot("primary").lastError().outcome()).isEqualTo(AttemptOutcome.PROVIDER_ERROR);
	}

	@Test
	void anExhaustedQuotaIsNotRetriedOnTheSameProvider() {
		this.primary.always(() -> this.primary.status(429, "insufficient_quota", null, null));
		Built built = this.harness.build();
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST))
			.assertNext((response) -> assertThat(response.provider()).isEqualTo("secondary"))
			.expectComplete()
			.verify(VERIFY_LIMIT);
		this.secondary.always(() -> this.secondary.status(503));
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST))
			.thenAwait(Duration.ofSeconds(10))
			.expectError(AllProvidersFailedException.class)
			.verify(VERIFY_LIMIT);
		assertThat(this.primary.calls).hasValue(2);
	}

	@Test
	void theProvidersShouldRetryHeaderOverridesTheStatus() {
		this.primary.then(() -> this.primary.status(400, null, null, Boolean.TRUE));
		Built built = this.harness.build();
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST))
			.assertNext((response) -> assertThat(response.provider()).isEqualTo("secondary"))
			.expectComplete()
			.verify(VERIFY_LIMIT);

		ScriptedProvider only = new ScriptedProvider("only");
		only.always(() -> only.status(503, null, null, Boolean.FALSE));
		Built single = new FailoverHarness().provider("only", 0, 1, only).build();
		StepVerifier.withVirtualTime(() -> single.client().chat(REQUEST))
			.thenAwait(Duration.ofSeconds(10))
			.expectError(AllProvidersFailedException.class)
			.verify(VERIFY_LIMIT);
		assertThat(only.calls).hasValue(1);
	}

	@Test
	void retryAfterTakesTheProviderOutOfRotationForThatLong() {
		this.primary.then(() -> this.primary.status(429, "rate_limit_exceeded", Duration.ofSeconds(30), null));
		Built built = this.harness.build();
		assertThat(built.client().chat(REQUEST).block(VERIFY_LIMIT).provider()).isEqualTo("secondary");
		Instant until = built.snapshot("primary").cooldownUntil();
		assertThat(until).isNotNull();
		assertThat(Duration.between(this.harness.clock.instant(), until).toMillis()).isCloseTo(30_000L, within(1_000L));

		for (int i = 0; i < 5; i++) {
			assertThat(built.client().chat(REQUEST).block(VERIFY_LIMIT).provider()).isEqualTo("secondary");
		}
		assertThat(this.primary.calls).hasValue(1);

		this.harness.clock.advance(Duration.ofSeconds(31));
		assertThat(built.client().chat(REQUEST).block(VERIFY_LIMIT).provider()).isEqualTo("primary");
		assertThat(built.snapshot("primary").cooldownUntil()).isNull();
	}

	@Test
	void aRetryAfterLongerThanTheMaximumIsClamped() {
		this.primary.then(() -> this.primary.status(503, null, Duration.ofHours(2), null));
		Built built = this.harness.build();
		built.client().chat(REQUEST).block(VERIFY_LIMIT);
		Duration cooldown = Duration.between(this.harness.clock.instant(), built.snapshot("primary").cooldownUntil());
		// The clock runs on while the call is made: room for a slow machine.
		assertThat(cooldown).isBetween(Duration.ofSeconds(50), this.harness.policy().maxCooldown());
	}

	@Test
	void failsFastWhenNothingIsInRotationAndSaysWhenToComeBack() {
		this.primary.then(() -> this.primary.status(429, null, Duration.ofSeconds(20), null));
		this.secondary.then(() -> this.secondary.status(529, null, Duration.ofSeconds(40), null));
		Built built = this.harness.build();
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST))
			.expectError(AllProvidersFailedException.class)
			.verify(VERIFY_LIMIT);
		StepVerifier.create(built.client().chat(REQUEST)).expectErrorSatisfies((error) -> {
			assertThat(error).isInstanceOf(NoProviderAvailableException.class)
				.hasMessageContaining("primary cooling down")
				.hasMessageContaining("secondary cooling down");
			assertThat(((NoProviderAvailableException) error).retryAfter().toSeconds()).isBetween(18L, 20L);
		}).verify(Duration.ofMillis(500));
		assertThat(this.primary.calls.get() + this.secondary.calls.get()).isEqualTo(2);
	}

	@Test
	void aProviderForcedOpenByAnOperatorHasNoReturnTime() {
		Built built = this.harness.build();
		built.provider("primary").circuit().breaker().transitionToForcedOpenState();
		built.registry().update("secondary", ProviderChange.enabled(false));
		StepVerifier.create(built.client().chat(REQUEST)).expectErrorSatisfies((error) -> {
			assertThat(error).isInstanceOf(NoProviderAvailableException.class)
				.hasMessageContaining("primary circuit FORCED_OPEN")
				.hasMessageContaining("secondary disabled");
			assertThat(((NoProviderAvailableException) error).retryAfter()).isEqualTo(Duration.ofSeconds(60));
		}).verify(VERIFY_LIMIT);
		assertThat(this.primary.calls.get() + this.secondary.calls.get()).isZero();
	}

	@Test
	void aHangingProviderCostsOneAttemptTimeout() {
		this.primary.always(Mono::never);
		Built built = this.harness.policy(FailoverHarness.policy(3, Duration.ofSeconds(10), Duration.ofMillis(300)))
			.build();
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(299))
			.thenAwait(Duration.ofMillis(1))
			.assertNext((response) -> {
				assertThat(response.provider()).isEqualTo("secondary");
				assertThat(response.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.TIMEOUT);
			})
			.expectComplete()
			.verify(VERIFY_LIMIT);
		assertThat(built.provider("primary").circuit().breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void aProviderAtItsConcurrencyLimitIsSkippedAtOnceAndNotPenalized() {
		this.primary.then(() -> ScriptedProvider.ok("slow answer").delayElement(Duration.ofSeconds(1)));
		Built built = this.harness.maxConcurrentCalls("primary", 1).build();
		StepVerifier.withVirtualTime(() -> Mono.zip(built.client().chat(REQUEST), built.client().chat(REQUEST)))
			.expectSubscription()
			// The second request finds the primary's only slot taken and goes on without
			// waiting.
			.thenAwait(Duration.ofSeconds(1))
			.assertNext((both) -> {
				assertThat(both.getT1().content()).isEqualTo("slow answer");
				assertThat(both.getT2().provider()).isEqualTo("secondary");
				assertThat(both.getT2().attempts()).extracting(Attempt::provider, Attempt::outcome)
					.containsExactly(tuple("primary", AttemptOutcome.SATURATED),
							tuple("secondary", AttemptOutcome.SUCCESS));
			})
			.expectComplete()
			.verify(VERIFY_LIMIT);
		assertThat(this.primary.calls).hasValue(1);
		CircuitBreaker.Metrics metrics = built.provider("primary").circuit().breaker().getMetrics();
		assertThat(metrics.getNumberOfFailedCalls()).isZero();
		assertThat(metrics.getNumberOfSuccessfulCalls()).isEqualTo(1);
	}

	@Test
	void theDeadlineBoundsAllAttemptsTogether() {
		this.primary.always(Mono::never);
		this.secondary.always(Mono::never);
		Built built = this.harness.policy(FailoverHarness.policy(5, Duration.ofSeconds(1), Duration.ofMillis(400)))
			.build();
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(999))
			.thenAwait(Duration.ofMillis(1))
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(FailoverTimeoutException.class).hasMessageContaining("1000 ms deadline");
				assertThat(((FailoverTimeoutException) error).attempts()).extracting(Attempt::outcome)
					.startsWith(AttemptOutcome.TIMEOUT, AttemptOutcome.TIMEOUT);
			})
			.verify(VERIFY_LIMIT);
	}

	@Test
	void aProviderThatStartedCoolingDownDuringTheBackoffIsSkipped() {
		ScriptedProvider only = new ScriptedProvider("only");
		only.then(() -> only.status(500));
		Built built = new FailoverHarness().provider("only", 0, 1, only).build();
		StepVerifier.withVirtualTime(() -> built.client().chat(REQUEST))
			.expectSubscription()
			// Another request's 429 puts the provider in a cooldown while this one backs
			// off.
			.then(() -> built.provider("only").cooldown().coolDown(Duration.ofSeconds(30)))
			.thenAwait(Duration.ofMillis(200))
			.expectErrorSatisfies(
					(error) -> assertThat(((AllProvidersFailedException) error).attempts()).extracting(Attempt::outcome)
						.containsExactly(AttemptOutcome.SERVER_ERROR, AttemptOutcome.COOLING_DOWN))
			.verify(VERIFY_LIMIT);
		assertThat(only.calls).hasValue(1);
	}

	@Test
	void aCancelledCallIsNotHeldAgainstTheProvider() {
		this.primary.always(Mono::never);
		Built built = this.harness.build();
		Disposable call = built.client().chat(REQUEST).subscribe();
		call.dispose();
		assertThat(this.primary.cancellations).hasValue(1);
		CircuitBreaker.Metrics metrics = built.provider("primary").circuit().breaker().getMetrics();
		assertThat(metrics.getNumberOfFailedCalls()).isZero();
		assertThat(metrics.getNumberOfSuccessfulCalls()).isZero();
		assertThat(built.snapshot("primary").lastError()).isNull();
	}

}
