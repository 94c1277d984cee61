package io.github.llmfailover.routing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;

import org.junit.jupiter.api.Test;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.Cost;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.cost.Budget;
import io.github.llmfailover.cost.Price;
import io.github.llmfailover.cost.Spend;
import io.github.llmfailover.cost.SpendCalendar;
import io.github.llmfailover.routing.FailoverHarness.Built;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Budgets per provider on a clock the tests move: a provider that reaches its daily or
 * monthly budget leaves rotation until that period ends, in the configured time zone, and
 * comes back by itself.
 */
class BudgetRoutingTests {

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private static final Duration LIMIT = Duration.ofSeconds(5);

	private static final Currency USD = Currency.getInstance("USD");

	/** 100 per million tokens: a scripted answer (3 + 5 tokens) costs 0.0008. */
	private static final Price PRICE = Price.of(new BigDecimal("100"), new BigDecimal("100"), USD);

	private final ScriptedProvider budgeted = new ScriptedProvider("budgeted");

	private final ScriptedProvider other = new ScriptedProvider("other");

	private FailoverHarness harness(Budget budget) {
		return new FailoverHarness().provider("budgeted", 0, 1000, this.budgeted)
			.provider("other", 1, 1, this.other)
			.price("budgeted", PRICE, budget);
	}

	@Test
	void aProviderThatReachesItsDailyBudgetLeavesRotationUntilMidnightAndComesBackByItself() {
		FailoverHarness harness = harness(new Budget(new BigDecimal("0.004"), null));
		harness.clock.setTo(Instant.parse("2026-11-30T22:00:00Z"));
		Built built = harness.build();
		for (int i = 0; i < 8; i++) {
			// A provider out for its budget is skipped, not attempted: one attempt each.
			assertThat(built.client().chat(REQUEST).block(LIMIT).attempts()).hasSize(1);
		}
		assertThat(this.budgeted.calls).hasValue(5);
		assertThat(this.other.calls).hasValue(3);
		ProviderSnapshot snapshot = built.snapshot("budgeted");
		assertThat(snapshot.inRotation()).isFalse();
		assertThat(snapshot.share()).isZero();
		assertThat(snapshot.overBudgetUntil()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
		assertThat(snapshot.spend().today().amount()).isEqualByComparingTo("0.004");
		assertThat(snapshot.spend().thisMonth().amount()).isEqualByComparingTo("0.004");
		assertThat(snapshot.budget()).isEqualTo(new Budget(new BigDecimal("0.004"), null));
		harness.clock.setTo(Instant.parse("2026-11-30T23:59:59Z"));
		assertThat(built.snapshot("budgeted").inRotation()).isFalse();
		harness.clock.setTo(Instant.parse("2026-12-01T00:00:00Z"));
		snapshot = built.snapshot("budgeted");
		assertThat(snapshot.inRotation()).isTrue();
		assertThat(snapshot.overBudgetUntil()).isNull();
		assertThat(snapshot.spend())
			.isEqualTo(new Spend(new Cost(BigDecimal.ZERO, USD), new Cost(BigDecimal.ZERO, USD)));
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("budgeted");
	}

	@Test
	void aMonthlyBudgetHoldsPastMidnightUntilTheFirstOfTheNextMonth() {
		FailoverHarness harness = harness(new Budget(new BigDecimal("1"), new BigDecimal("0.0016")));
		harness.clock.setTo(Instant.parse("2026-11-29T12:00:00Z"));
		Built built = harness.build();
		built.client().chat(REQUEST).block(LIMIT);
		built.client().chat(REQUEST).block(LIMIT);
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("other");
		assertThat(built.snapshot("budgeted").overBudgetUntil()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
		harness.clock.setTo(Instant.parse("2026-11-30T12:00:00Z"));
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("other");
		harness.clock.setTo(Instant.parse("2026-12-01T00:00:01Z"));
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("budgeted");
		assertThat(this.budgeted.calls).hasValue(3);
	}

	@Test
	void periodsFollowTheConfiguredTimeZone() {
		FailoverHarness harness = harness(new Budget(new BigDecimal("0.0008"), null))
			.calendar(new SpendCalendar(ZoneId.of("Europe/Berlin")));
		harness.clock.setTo(Instant.parse("2026-11-30T20:00:00Z"));
		Built built = harness.build();
		built.client().chat(REQUEST).block(LIMIT);
		// Midnight in Berlin is 23:00 UTC in November.
		assertThat(built.snapshot("budgeted").overBudgetUntil()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
		harness.clock.setTo(Instant.parse("2026-11-30T23:00:00Z"));
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("budgeted");
	}

	@Test
	void whenTheOnlyProviderIsOverBudgetRequestsFailFastSayingWhenItComesBack() {
		FailoverHarness harness = new FailoverHarness().provider("budgeted", 0, 1, this.budgeted)
			.price("budgeted", PRICE, new Budget(new BigDecimal("0.0008"), null));
		harness.clock.setTo(Instant.parse("2026-11-30T23:00:00Z"));
		Built built = harness.build();
		built.client().chat(REQUEST).block(LIMIT);
		assertThatExceptionOfType(NoProviderAvailableException.class)
			.isThrownBy(() -> built.client().chat(REQUEST).block(LIMIT))
			.withMessageContaining("budgeted reached its daily budget, out until 2026-12-01T00:00:00Z")
			.satisfies((ex) -> assertThat(ex.retryAfter()).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(60)));
		assertThat(this.budgeted.calls).hasValue(1);
	}

	@Test
	void panicRoutingPassesOpenCircuitsButNeverAProviderOverItsBudget() {
		FailoverHarness harness = harness(new Budget(new BigDecimal("0.0008"), null));
		harness.clock.setTo(Instant.parse("2026-11-30T12:00:00Z"));
		Built built = harness.build();
		built.client().chat(REQUEST).block(LIMIT);
		built.provider("other").circuit().breaker().transitionToOpenState();
		// Nothing in rotation: panic routing admits the open circuit only.
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("other");
		assertThat(this.budgeted.calls).hasValue(1);
	}

}
