package io.github.llmfailover.cost;

import java.math.BigDecimal;
import java.util.Currency;

import org.junit.jupiter.api.Test;

import io.github.llmfailover.chat.Cost;
import io.github.llmfailover.chat.TokenUsage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Price}: list prices per million tokens times the tokens reported.
 */
class PriceTests {

	private static final Currency USD = Currency.getInstance("USD");

	/** gpt-4o-mini's list prices: 0.15 in, 0.075 cached in, 0.60 out. */
	private final Price openAi = new Price(new BigDecimal("0.15"), new BigDecimal("0.075"), new BigDecimal("0.15"),
			new BigDecimal("0.60"), USD);

	/** Claude Haiku 4.5's: 1 in, 0.10 cache read, 1.25 cache write, 5 out. */
	private final Price anthropic = new Price(new BigDecimal("1"), new BigDecimal("0.10"), new BigDecimal("1.25"),
			new BigDecimal("5"), USD);

	@Test
	void inputAndOutputTokensAtTheirPrices() {
		// 1000 * 0.15 / 1M + 500 * 0.60 / 1M = 0.00015 + 0.0003
		assertThat(this.openAi.costOf(new TokenUsage(1000, 500))).isEqualTo(cost("0.00045"));
	}

	@Test
	void cachedInputAtTheCachedPrice() {
		// 200 plain * 0.15 + 800 cached * 0.075 + 500 * 0.60 = 30 + 60 + 300 per million
		assertThat(this.openAi.costOf(new TokenUsage(1000, 500, 800, 0))).isEqualTo(cost("0.00039"));
	}

	@Test
	void cacheReadsAndWritesAtTheirPrices() {
		// 21 plain * 1 + 3000 read * 0.10 + 1000 written * 1.25 + 5 * 5 per million
		assertThat(this.anthropic.costOf(new TokenUsage(4021, 5, 3000, 1000))).isEqualTo(cost("0.001596"));
	}

	@Test
	void cacheFiguresAboveTheInputChargeNoNegativePlainInput() {
		assertThat(this.openAi.costOf(new TokenUsage(10, 0, 20, 0))).isEqualTo(cost("0.0000015"));
	}

	@Test
	void noTokensCostZero() {
		Cost cost = this.openAi.costOf(TokenUsage.NONE);
		assertThat(cost.amount()).isEqualByComparingTo(BigDecimal.ZERO);
		assertThat(cost).hasToString("0 USD");
	}

	@Test
	void cacheAtTheInputPriceUnlessSaidOtherwise() {
		Price price = Price.of(new BigDecimal("2"), new BigDecimal("8"), Currency.getInstance("EUR"));
		assertThat(price.costOf(new TokenUsage(1_000_000, 1_000_000, 500_000, 100_000)))
			.isEqualTo(new Cost(new BigDecimal("10"), Currency.getInstance("EUR")));
	}

	@Test
	void negativePricesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Price.of(new BigDecimal("-1"), BigDecimal.ONE, USD))
			.withMessage("The input price must not be negative, was -1");
	}

	private static Cost cost(String amount) {
		return new Cost(new BigDecimal(amount), USD);
	}

}
