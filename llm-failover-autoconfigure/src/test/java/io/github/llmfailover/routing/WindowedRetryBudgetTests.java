package io.github.llmfailover.routing;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.llmfailover.routing.FailoverHarness.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The retry budget's arithmetic, on a clock the tests move: the reserve, deposits of a
 * share of each request, refusals once spent, refunds, and refilling as the window
 * slides.
 */
class WindowedRetryBudgetTests {

	private final MutableClock clock = new MutableClock();

	@Test
	void aQuietInstanceHasTheReserveOfMinRetriesPerSecondOverTheWindow() {
		RetryBudget budget = RetryBudget.of(20, 10, Duration.ofSeconds(10), this.clock);
		assertThat(budget.available()).isEqualTo(100);
		assertThat(withdrawAll(budget)).isEqualTo(100);
		assertThat(budget.rejected()).isEqualTo(1);
		assertThat(budget.tryWithdraw()).isFalse();
		assertThat(budget.rejected()).isEqualTo(2);
	}

	@Test
	void eachRequestAddsItsShareOfARetry() {
		RetryBudget budget = RetryBudget.of(20, 0, Duration.ofSeconds(10), this.clock);
		assertThat(budget.tryWithdraw()).isFalse();
		for (int i = 0; i < 100; i++) {
			budget.deposit();
		}
		assertThat(budget.available()).isEqualTo(20);
		assertThat(withdrawAll(budget)).isEqualTo(20);
		assertThat(budget.rejected()).isEqualTo(2);
	}

	@Test
	void refundedTokensCanBeSpentAgain() {
		RetryBudget budget = RetryBudget.of(0, 1, Duration.ofSeconds(2), this.clock);
		assertThat(withdrawAll(budget)).isEqualTo(2);
		budget.refund(2);
		assertThat(budget.available()).isEqualTo(2);
	}

	@Test
	void spentTokensComeBackOnceTheWindowHasSlidPastThem() {
		RetryBudget budget = RetryBudget.of(0, 1, Duration.ofSeconds(10), this.clock);
		assertThat(withdrawAll(budget)).isEqualTo(10);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(budget.available()).isZero();
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(budget.available()).isEqualTo(10);
	}

	@Test
	void depositsExpireWithTheWindowToo() {
		RetryBudget budget = RetryBudget.of(50, 0, Duration.ofSeconds(1), this.clock);
		for (int i = 0; i < 10; i++) {
			budget.deposit();
		}
		assertThat(budget.available()).isEqualTo(5);
		this.clock.advance(Duration.ofMillis(1100));
		assertThat(budget.available()).isZero();
	}

	@Test
	void theWindowSlidesInTenths() {
		RetryBudget budget = RetryBudget.of(100, 0, Duration.ofSeconds(1), this.clock);
		budget.deposit();
		this.clock.advance(Duration.ofMillis(500));
		budget.deposit();
		assertThat(budget.available()).isEqualTo(2);
		this.clock.advance(Duration.ofMillis(600));
		assertThat(budget.available()).isEqualTo(1);
	}

	@Test
	void unlimitedNeverRefuses() {
		RetryBudget budget = RetryBudget.unlimited();
		for (int i = 0; i < 1000; i++) {
			assertThat(budget.tryWithdraw()).isTrue();
		}
		assertThat(budget.available()).isEqualTo(Long.MAX_VALUE);
		assertThat(budget.rejected()).isZero();
	}

	@Test
	void badSettingsAreRefusedWithWhatIsWrong() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RetryBudget.of(-1, 10, Duration.ofSeconds(10), this.clock))
			.withMessageContaining("percent");
		assertThatIllegalArgumentException().isThrownBy(() -> RetryBudget.of(20, 10, Duration.ofMillis(5), this.clock))
			.withMessageContaining("window");
	}

	private static int withdrawAll(RetryBudget budget) {
		int withdrawn = 0;
		while (budget.tryWithdraw()) {
			withdrawn++;
		}
		return withdrawn;
	}

}
