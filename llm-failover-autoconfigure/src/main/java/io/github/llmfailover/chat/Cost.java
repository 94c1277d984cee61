package io.github.llmfailover.chat;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * What a request cost, from the configured prices of the provider that served it and the
 * tokens that provider reported.
 *
 * @param amount the amount, never negative
 * @param currency its currency
 */
public record Cost(BigDecimal amount, Currency currency) {

	public Cost {
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
		if (amount.signum() < 0) {
			throw new IllegalArgumentException("A cost must not be negative, was " + amount);
		}
	}

	@Override
	public String toString() {
		return this.amount.toPlainString() + " " + this.currency.getCurrencyCode();
	}

}
