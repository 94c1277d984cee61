package io.github.llmfailover.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.Cost;
import io.github.llmfailover.chat.TokenUsage;

/**
 * A provider's list prices, per million tokens.
 *
 * @param input per million input tokens not read from or written to the prompt cache
 * @param cachedInput per million input tokens read from the prompt cache
 * @param cacheWrite per million input tokens written to the prompt cache
 * @param output per million output tokens
 * @param currency the currency of all four
 */
public record Price(BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite, BigDecimal output,
		Currency currency) {

	private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

	/**
	 * Costs keep this many decimals: a millionth of the currency unit, fine enough for a
	 * single short call to a cheap model.
	 */
	private static final int SCALE = 8;

	public Price {
		requireNotNegative("input", input);
		requireNotNegative("cachedInput", cachedInput);
		requireNotNegative("cacheWrite", cacheWrite);
		requireNotNegative("output", output);
		Objects.requireNonNull(currency, "currency");
	}

	/**
	 * Prices with cache reads and writes at the input price.
	 * @param input per million input tokens
	 * @param output per million output tokens
	 * @param currency the currency of both
	 * @return the price
	 */
	public static Price of(BigDecimal input, BigDecimal output, Currency currency) {
		return new Price(input, input, input, output, currency);
	}

	/**
	 * What a call that used these tokens cost.
	 * @param usage the tokens the provider reported
	 * @return the cost
	 */
	public Cost costOf(TokenUsage usage) {
		int cached = Math.max(0, usage.cachedInputTokens());
		int written = Math.max(0, usage.cacheWriteInputTokens());
		// Providers count cache reads and writes as part of the input; what remains is
		// charged at the plain input price. Never below zero, should a provider report
		// inconsistent figures.
		long plain = Math.max(0L, (long) usage.inputTokens() - cached - written);
		BigDecimal perMillion = this.input.multiply(BigDecimal.valueOf(plain))
			.add(this.cachedInput.multiply(BigDecimal.valueOf(cached)))
			.add(this.cacheWrite.multiply(BigDecimal.valueOf(written)))
			.add(this.output.multiply(BigDecimal.valueOf(Math.max(0, usage.outputTokens()))));
		BigDecimal amount = perMillion.divide(MILLION, SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
		return new Cost((amount.scale() < 0) ? amount.setScale(0) : amount, this.currency);
	}

	private static void requireNotNegative(String name, @Nullable BigDecimal value) {
		Objects.requireNonNull(value, name);
		if (value.signum() < 0) {
			throw new IllegalArgumentException("The " + name + " price must not be negative, was " + value);
		}
	}

}
