package io.github.llmfailover.routing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.FailoverTimeoutException;
import io.github.llmfailover.chat.LlmFailoverException;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.chat.ProviderRequestException;
import io.github.llmfailover.chat.ResponseTooLargeException;
import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.provider.ProviderSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link FailoverErrors} tells a caller whose request failed: the deadline it
 * missed, why no provider could take it and when the first is back, the attempts that all
 * failed, or the provider's own refusal with its secrets masked. On a fixed clock, so
 * that every {@code retryAfter} is exact.
 */
class FailoverErrorsTests {

	private static final String API_KEY = "sk-live-0123456789";

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final long NOW_MILLIS = NOW.toEpochMilli();

	/**
	 * How long an open circuit waits before its trial calls, in the settings used here.
	 */
	private static final Duration OPEN_WAIT = FailoverHarness.DEFAULT_BREAKER.waitDurationInOpenState();

	private static final FailoverPolicy POLICY = new FailoverPolicy(3, Duration.ofSeconds(7), Duration.ofSeconds(5),
			new FailoverPolicy.Backoff(Duration.ZERO, 2.0, Duration.ZERO), Duration.ofMinutes(5));

	private final ProviderRegistry registry = registry();

	private final RoutedProvider a = this.registry.get("a");

	private final RoutedProvider b = this.registry.get("b");

	private final FailoverErrors errors = new FailoverErrors(this.registry, POLICY);

	private final RequestState state = new RequestState(this.registry.indexSpace(),
			DefaultFailoverChatClient.nowNanos(), Duration.ofSeconds(7).toNanos(), Observation.NOOP,
			RetryBudget.unlimited(), null);

	private final Attempt serverError = new Attempt("a", AttemptOutcome.SERVER_ERROR, 500, Duration.ofMillis(12),
			"overloaded");

	private final Attempt timeout = new Attempt("b", AttemptOutcome.TIMEOUT, 0, Duration.ofMillis(5000),
			"no answer in time");

	@Test
	void timeoutNamesThePolicysDeadlineAndEachAttempt() {
		this.state.record(this.serverError);
		this.state.record(this.timeout);
		FailoverTimeoutException timedOut = this.errors.timedOut(this.state);
		assertThat(timedOut.timeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(timedOut.attempts()).containsExactly(this.serverError, this.timeout);
		assertThat(timedOut).hasMessage("No provider answered within the 7000 ms deadline: "
				+ "a: server_error (500) overloaded after 12 ms; b: timeout no answer in time after 5000 ms");
	}

	@Test
	void timeoutBeforeAnyAttemptSaysOnlyTheDeadline() {
		FailoverTimeoutException timedOut = this.errors.timedOut(this.state);
		assertThat(timedOut.attempts()).isEmpty();
		assertThat(timedOut).hasMessage("No provider answered within the 7000 ms deadline");
	}

	@Test
	void noProviderSaysWhyEachIsOutAndWhenTheFirstComesBack() {
		this.a.cooldown().coolDown(Duration.ofSeconds(20));
		this.b.cooldown().coolDown(Duration.ofSeconds(10));
		LlmFailoverException error = this.errors.noProvider(this.state, NOW_MILLIS);
		assertThat(error).isInstanceOfSatisfying(NoProviderAvailableException.class,
				(none) -> assertThat(none.retryAfter()).isEqualTo(Duration.ofSeconds(10)));
		assertThat(error).hasMessage("No LLM provider is available (a cooling down for 20s, b cooling down for 10s);"
				+ " the earliest is back in 10s");
		assertThat(error.attempts()).isEmpty();
	}

	@Test
	void noProviderWaitsForAnOpenCircuitButNotForWhatOnlyAnOperatorUndoes() {
		this.a.apply(ProviderChange.enabled(false));
		this.b.circuit().breaker().transitionToOpenState();
		LlmFailoverException error = this.errors.noProvider(this.state, NOW_MILLIS);
		assertThat(error).isInstanceOfSatisfying(NoProviderAvailableException.class,
				(none) -> assertThat(none.retryAfter()).isEqualTo(OPEN_WAIT));
		assertThat(error).hasMessageContaining("(a disabled, b circuit OPEN)");
	}

	@Test
	void noProviderThatOnlyAnOperatorCanBringBackTellsCallersToComeBackInAMinute() {
		this.a.apply(ProviderChange.weight(0));
		this.b.apply(ProviderChange.circuitState(State.FORCED_OPEN));
		LlmFailoverException error = this.errors.noProvider(this.state, NOW_MILLIS);
		assertThat(error).isInstanceOfSatisfying(NoProviderAvailableException.class,
				(none) -> assertThat(none.retryAfter()).isEqualTo(Duration.ofSeconds(60)));
		assertThat(error).hasMessage("No LLM provider is available (a has weight 0, b circuit FORCED_OPEN);"
				+ " the earliest is back in 60s");
	}

	@Test
	void exhaustedWhileAProviderIsStillInRotationSaysRetryAtOnce() {
		this.state.record(this.serverError);
		this.a.cooldown().coolDown(Duration.ofSeconds(30));
		LlmFailoverException error = this.errors.exhausted(this.state, NOW_MILLIS);
		assertThat(error).isInstanceOfSatisfying(AllProvidersFailedException.class,
				(failed) -> assertThat(failed.retryAfter()).isZero());
		assertThat(error.attempts()).containsExactly(this.serverError);
		assertThat(error).hasMessage("All providers failed (1 attempt): a: server_error (500) overloaded after 12 ms");
	}

	@Test
	void exhaustedWithEveryProviderOutSaysWhenTheFirstComesBack() {
		this.state.record(this.serverError);
		this.state.record(this.timeout);
		this.a.circuit().breaker().transitionToOpenState();
		this.b.cooldown().coolDown(Duration.ofSeconds(5));
		LlmFailoverException error = this.errors.exhausted(this.state, NOW_MILLIS);
		assertThat(error).isInstanceOfSatisfying(AllProvidersFailedException.class,
				(failed) -> assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
		assertThat(error).hasMessageStartingWith("All providers failed (2 attempts): a: server_error");
		assertThat(error.attempts()).containsExactly(this.serverError, this.timeout);
	}

	@Test
	void exhaustedWithEveryProviderOutUntilAnOperatorActsSaysAMinute() {
		this.a.apply(ProviderChange.enabled(false));
		this.b.apply(ProviderChange.enabled(false));
		assertThat(this.errors.exhausted(this.state, NOW_MILLIS)).isInstanceOfSatisfying(
				AllProvidersFailedException.class,
				(failed) -> assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(60)));
	}

	@Test
	void refusedRequestCarriesTheProvidersStatusAndMessageWithItsKeyMasked() {
		this.state.record(this.serverError);
		ProviderException refusal = ProviderException.errorStatus("b", 422,
				"messages[0] is empty (request sent with key " + API_KEY + ")", "invalid_request_error", null, null);
		LlmFailoverException error = stopped(this.b, refusal);
		assertThat(error).isInstanceOfSatisfying(ProviderRequestException.class, (refused) -> {
			assertThat(refused.provider()).isEqualTo("b");
			assertThat(refused.status()).isEqualTo(422);
			assertThat(refused.providerMessage())
				.isEqualTo("messages[0] is empty (request sent with key " + ProviderSettings.SECRET_MASK + ")");
		});
		assertThat(error).hasMessage("Provider 'b' rejected the request (HTTP 422): messages[0] is empty"
				+ " (request sent with key " + ProviderSettings.SECRET_MASK + ")");
		// The provider's exception still holds the key: the caller never gets it.
		assertThat(error).hasNoCause();
		assertThat(error.getSuppressed()).isEmpty();
		assertThat(error.attempts()).containsExactly(this.serverError);
	}

	@Test
	void answerOverTheSizeLimitNamesTheLimitAndThePropertyRatherThanTheProvidersMessage() {
		ProviderException tooLarge = ProviderException.responseTooLarge("a", 200, DataSize.ofKilobytes(64),
				new IllegalStateException("buffer limit of " + API_KEY));
		LlmFailoverException error = stopped(this.a, tooLarge);
		assertThat(error).isInstanceOfSatisfying(ResponseTooLargeException.class, (tooBig) -> {
			assertThat(tooBig.provider()).isEqualTo("a");
			assertThat(tooBig.limit()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(tooBig.property()).isEqualTo("llm.failover.providers.a.max-response-size");
		});
		assertThat(error).hasMessageStartingWith("The answer of provider 'a' is larger than its limit of 64KB")
			.hasNoCause();
		assertThat(error.attempts()).isEmpty();
	}

	private LlmFailoverException stopped(RoutedProvider provider, ProviderException error) {
		return FailoverErrors.stopped(provider, FailureClassifier.classify(error), error, this.state);
	}

	/** a (with an API key) and b, in that order, on the fixed clock; never called. */
	private static ProviderRegistry registry() {
		ProviderRegistry.Builder builder = ProviderRegistry.builder(CircuitBreakerRegistry.ofDefaults())
			.clock(Clock.fixed(NOW, ZoneOffset.UTC));
		for (String name : List.of("a", "b")) {
			ProviderSettings settings = new ProviderSettings(name, "openai", URI.create("http://127.0.0.1:1/v1"),
					API_KEY, "model-" + name, Map.of(), null);
			builder.add(new ProviderRoute(settings, 0, 1, true, FailoverHarness.DEFAULT_BREAKER),
					new ScriptedProvider(name));
		}
		return builder.build();
	}

}
