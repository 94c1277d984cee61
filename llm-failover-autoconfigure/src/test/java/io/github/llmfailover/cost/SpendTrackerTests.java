package io.github.llmfailover.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;

import org.junit.jupiter.api.Test;

import io.github.llmfailover.chat.Cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SpendTracker}: totals of the UTC day and month, started again at their
 * boundaries as the given instants cross them.
 */
class SpendTrackerTests {

	private static final Currency USD = Currency.getInstance("USD");

	private final SpendTracker tracker = new SpendTracker(USD);

	@Test
	void addsUpTheDayAndTheMonth() {
		this.tracker.add(usd("0.25"), Instant.parse("2026-11-30T08:00:00Z"));
		this.tracker.add(usd("0.50"), Instant.parse("2026-11-30T09:00:00Z"));
		assertThat(this.tracker.spend(Instant.parse("2026-11-30T10:00:00Z")))
			.isEqualTo(new Spend(usd("0.75"), usd("0.75")));
	}

	@Test
	void theDayStartsAgainAtMidnightUtcAndTheMonthGoesOn() {
		this.tracker.add(usd("1"), Instant.parse("2026-11-29T23:59:59.999Z"));
		assertThat(this.tracker.spend(Instant.parse("2026-11-30T00:00:00Z"))).isEqualTo(new Spend(usd("0"), usd("1")));
		this.tracker.add(usd("2"), Instant.parse("2026-11-30T00:00:01Z"));
		assertThat(this.tracker.spend(Instant.parse("2026-11-30T00:00:02Z"))).isEqualTo(new Spend(usd("2"), usd("3")));
	}

	@Test
	void theMonthStartsAgainOnTheFirstAtMidnightUtc() {
		this.tracker.add(usd("5"), Instant.parse("2026-11-30T23:00:00Z"));
		assertThat(this.tracker.spend(Instant.parse("2026-11-30T23:59:59Z"))).isEqualTo(new Spend(usd("5"), usd("5")));
		assertThat(this.tracker.spend(Instant.parse("2026-12-01T00:00:00Z"))).isEqualTo(new Spend(usd("0"), usd("0")));
	}

	@Test
	void anInstantBeforeTheCurrentPeriodCountsInIt() {
		this.tracker.add(usd("1"), Instant.parse("2026-12-01T00:00:01Z"));
		this.tracker.add(usd("1"), Instant.parse("2026-11-30T23:59:59Z"));
		assertThat(this.tracker.spend(Instant.parse("2026-12-01T00:00:02Z"))).isEqualTo(new Spend(usd("2"), usd("2")));
	}

	@Test
	void refusesAnotherCurrency() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tracker.add(new Cost(BigDecimal.ONE, Currency.getInstance("EUR")), Instant.EPOCH))
			.withMessageContaining("EUR");
	}

	private static Cost usd(String amount) {
		return new Cost(new BigDecimal(amount), USD);
	}

}
