package io.github.llmfailover.routing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.llmfailover.chat.Cost;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.cost.Budget;
import io.github.llmfailover.cost.LocalSpendLedger;
import io.github.llmfailover.cost.Price;
import io.github.llmfailover.cost.SpendCalendar;
import io.github.llmfailover.routing.FailoverHarness.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider's budget as it keeps it: each answer is charged at the provider's price, the
 * answer whose spend reaches the budget holds the provider back until the end of that day
 * or month (in the ledger's time zone), the check before a call sees a spend counted
 * elsewhere, and the hold ends with its period.
 */
class ProviderBudgetTests {

	private static final Currency USD = Currency.getInstance("USD");

	/** 100 a million tokens: an answer of {@link #USAGE} costs 0.001. */
	private static final Price PRICE = Price.of(new BigDecimal("100"), new BigDecimal("100"), USD);

	private static final TokenUsage USAGE = new TokenUsage(5, 5);

	private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");

	private final MutableClock clock = new MutableClock();

	private final LocalSpendLedger ledger = new LocalSpendLedger(Map.of("openai", USD), SpendCalendar.UTC);

	@BeforeEach
	void atNoon() {
		this.clock.setTo(NOON);
	}

	@Test
	void eachAnswerIsChargedAtThePriceAndTheOneThatReachesTheBudgetHoldsTheProviderUntilMidnight() {
		ProviderBudget budget = budget(new Budget(new BigDecimal("0.002"), null));
		Cost first = budget.charge(USAGE);
		assertThat(first.amount()).isEqualByComparingTo("0.001");
		assertThat(first.currency()).isEqualTo(USD);
		assertThat(budget.spend(now()).today().amount()).isEqualByComparingTo("0.001");
		assertThat(budget.heldBackUntilMillis()).isZero();
		assertThat(budget.unavailableReason(now())).isNull();
		assertThat(budget.check().block()).isTrue();

		budget.charge(USAGE);
		Instant midnight = Instant.parse("2026-03-11T00:00:00Z");
		assertThat(budget.spend(now()).today().amount()).isEqualByComparingTo("0.002");
		assertThat(budget.heldBackUntilMillis()).isEqualTo(midnight.toEpochMilli());
		assertThat(budget.overBudgetUntil(now())).isEqualTo(midnight);
		assertThat(budget.unavailableReason(now()))
			.isEqualTo("openai reached its daily budget, out until 2026-03-11T00:00:00Z");
		assertThat(budget.check().block()).isFalse();
	}

	@Test
	void theHoldEndsWithItsPeriod() {
		ProviderBudget budget = budget(new Budget(new BigDecimal("0.001"), null));
		budget.charge(USAGE);
		assertThat(budget.check().block()).isFalse();
		this.clock.advance(Duration.ofHours(11).plusMinutes(59));
		assertThat(budget.unavailableReason(now())).startsWith("openai reached its daily budget");
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(budget.overBudgetUntil(now())).isNull();
		assertThat(budget.unavailableReason(now())).isNull();
		assertThat(budget.spend(now()).today().amount()).isZero();
		assertThat(budget.check().block()).isTrue();
	}

	@Test
	void theCheckBeforeACallHoldsTheProviderBackForASpendCountedElsewhere() {
		ProviderBudget budget = budget(new Budget(new BigDecimal("0.001"), null));
		// Another instance's answers, in a shared ledger, or those of an earlier call.
		this.ledger.addNow("openai", new Cost(new BigDecimal("0.0015"), USD), NOON);
		assertThat(budget.heldBackUntilMillis()).isZero();
		assertThat(budget.check().block()).isFalse();
		assertThat(budget.overBudgetUntil(now())).isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
	}

	@Test
	void aReachedMonthlyBudgetHoldsUntilTheFirstOfTheNextMonthEvenWhenTheDailyOneIsReachedToo() {
		ProviderBudget budget = budget(new Budget(new BigDecimal("0.001"), new BigDecimal("0.002")));
		this.ledger.addNow("openai", new Cost(new BigDecimal("0.0015"), USD), NOON.minus(Duration.ofDays(2)));
		budget.charge(USAGE);
		assertThat(budget.overBudgetUntil(now())).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
		assertThat(budget.unavailableReason(now()))
			.isEqualTo("openai reached its monthly budget, out until 2026-04-01T00:00:00Z");
		this.clock.advance(Duration.ofDays(1));
		assertThat(budget.check().block()).isFalse();
	}

	@Test
	void periodsEndAtMidnightInTheLedgersTimeZone() {
		LocalSpendLedger berlin = new LocalSpendLedger(Map.of("openai", USD),
				new SpendCalendar(ZoneId.of("Europe/Berlin")));
		ProviderBudget budget = new ProviderBudget("openai", PRICE, new Budget(new BigDecimal("0.001"), null), berlin,
				this.clock);
		budget.charge(USAGE);
		assertThat(budget.overBudgetUntil(now())).isEqualTo(Instant.parse("2026-03-10T23:00:00Z"));
	}

	@Test
	void withoutABudgetAnswersAreChargedButTheProviderIsNeverHeldBack() {
		ProviderBudget budget = budget(null);
		assertThat(budget.hasBudget()).isFalse();
		for (int i = 0; i < 5; i++) {
			budget.charge(USAGE);
		}
		assertThat(budget.spend(now()).today().amount()).isEqualByComparingTo("0.005");
		assertThat(budget.check().block()).isTrue();
		assertThat(budget.heldBackUntilMillis()).isZero();
		assertThat(budget.unavailableReason(now())).isNull();
	}

	@Test
	void anAnswerWithoutUsageOrAProviderWithoutAPriceCostsNothingKnown() {
		ProviderBudget budget = budget(new Budget(new BigDecimal("0.001"), null));
		assertThat(budget.charge(null)).isNull();
		assertThat(budget.spend(now()).today().amount()).isZero();

		ProviderBudget unpriced = new ProviderBudget("ollama", null, null, this.ledger, this.clock);
		assertThat(unpriced.charge(USAGE)).isNull();
		assertThat(unpriced.spend(now())).isNull();
		assertThat(unpriced.check().block()).isTrue();
	}

	private ProviderBudget budget(Budget budget) {
		return new ProviderBudget("openai", PRICE, budget, this.ledger, this.clock);
	}

	private long now() {
		return this.clock.millis();
	}

}
