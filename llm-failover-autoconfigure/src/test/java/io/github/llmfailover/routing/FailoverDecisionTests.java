package io.github.llmfailover.routing;

import java.time.Duration;

import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import io.github.llmfailover.chat.LlmFailoverException;
import io.github.llmfailover.chat.ProviderRequestException;
import io.github.llmfailover.chat.ResponseTooLargeException;
import io.github.llmfailover.provider.ProviderException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link FailoverDecision} makes of a failed attempt: the request stops, or the
 * provider is skipped, or counted as called, or both; a provider that asks for a cooldown
 * gets it, capped; a failed hedge only cools its provider down.
 */
class FailoverDecisionTests {

	private final ThreeProviders providers = ThreeProviders.create();

	private final RoutedProvider a = this.providers.a();

	private final FailoverDecision decision = new FailoverDecision(Duration.ofSeconds(30));

	private final RequestState state = new RequestState(3, DefaultFailoverChatClient.nowNanos(),
			Duration.ofSeconds(30).toNanos(), Observation.NOOP, RetryBudget.unlimited(), null);

	@Test
	void clientErrorStopsTheRequestWithTheProvidersErrorAndTheAttempt() {
		LlmFailoverException end = fail(ProviderException.errorStatus("a", 400, "bad input", null, null, null));
		assertThat(end).isInstanceOfSatisfying(ProviderRequestException.class, (stopped) -> {
			assertThat(stopped.provider()).isEqualTo("a");
			assertThat(stopped.status()).isEqualTo(400);
			assertThat(stopped.providerMessage()).contains("bad input");
		});
		assertThat(end.attempts()).hasSize(1);
		assertThat(this.state.calledMask()).isZero();
		assertThat(this.state.excludedMask()).isZero();
	}

	@Test
	void answerOverTheSizeLimitStopsWithTheLimit() {
		assertThat(fail(ProviderException.responseTooLarge("a", 200, DataSize.ofKilobytes(1), null)))
			.isInstanceOfSatisfying(ResponseTooLargeException.class,
					(tooLarge) -> assertThat(tooLarge.limit()).isEqualTo(DataSize.ofKilobytes(1)));
	}

	@Test
	void serverErrorFailsOverAndTheProviderMayBeRetried() {
		assertThat(fail(ProviderException.errorStatus("a", 500, "oops", null, null, null))).isNull();
		assertThat(this.state.calledMask()).isEqualTo(1L << this.a.index());
		assertThat(this.state.excludedMask()).isZero();
	}

	@Test
	void quotaErrorFailsOverAndNeverCallsTheProviderAgain() {
		assertThat(fail(ProviderException.errorStatus("a", 429, "no credit", "insufficient_quota", null, null)))
			.isNull();
		assertThat(this.state.calledMask()).isEqualTo(1L << this.a.index());
		assertThat(this.state.excludedMask()).isEqualTo(1L << this.a.index());
	}

	@Test
	void providerInACooldownIsSkippedWithoutCountingAsCalled() {
		assertThat(fail(CoolingDownException.INSTANCE)).isNull();
		assertThat(this.state.calledMask()).isZero();
		assertThat(this.state.excludedMask()).isEqualTo(1L << this.a.index());
	}

	@Test
	void retryAfterCoolsTheProviderDownForAtMostTheCap() {
		long now = System.currentTimeMillis();
		fail(ProviderException.errorStatus("a", 429, "slow down", null, Duration.ofMinutes(10), null));
		assertThat(this.a.cooldown().isCoolingDown(now + 25_000)).isTrue();
		assertThat(this.a.cooldown().isCoolingDown(now + 35_000)).isFalse();
	}

	@Test
	void failedHedgeCoolsItsProviderDownButLeavesTheRequestsChoices() {
		long now = System.currentTimeMillis();
		this.decision.afterHedgeFailure(this.state, this.a,
				ProviderException.errorStatus("a", 503, "busy", null, Duration.ofSeconds(5), null), observed());
		assertThat(this.a.cooldown().isCoolingDown(now + 1_000)).isTrue();
		assertThat(this.a.cooldown().isCoolingDown(now + 10_000)).isFalse();
		assertThat(this.state.calledMask()).isZero();
		assertThat(this.state.excludedMask()).isZero();
		assertThat(this.state.attempts()).hasSize(1);
	}

	private LlmFailoverException fail(Throwable error) {
		return this.decision.afterFailure(this.state, this.a, error, observed());
	}

	private FailoverObservations.ObservedAttempt observed() {
		return FailoverObservations.NONE.startAttempt(this.a, Observation.NOOP);
	}

}
