package io.github.llmfailover.autoconfigure;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Checks a provider's prices and budget: a budget needs prices to count the spend
 * against.
 */
final class CostValidator {

	private final ConfigurationProblems problems;

	CostValidator(ConfigurationProblems problems) {
		this.problems = problems;
	}

	/**
	 * Check a provider's prices and budget.
	 * @param prefix the provider's properties, {@code providers.<name>.}
	 * @param provider the provider
	 */
	void check(String prefix, ProviderProperties provider) {
		checkPrice(prefix + "price.", provider.getPrice());
		checkBudget(prefix, provider);
	}

	private void checkPrice(String prefix, ProviderProperties.Pricing price) {
		if (!price.isConfigured()) {
			return;
		}
		requirePrice(prefix + "input", price.getInput(), true);
		requirePrice(prefix + "output", price.getOutput(), true);
		requirePrice(prefix + "cached-input", price.getCachedInput(), false);
		requirePrice(prefix + "cache-write", price.getCacheWrite(), false);
		if (currency(price.getCurrency()) == null) {
			this.problems.add(prefix + "currency",
					"is '" + price.getCurrency() + "', which is not an ISO 4217 currency code",
					"Set llm.failover." + prefix + "currency to the code of the prices' currency, e.g. USD (the "
							+ "default) or EUR.");
		}
	}

	private void requirePrice(String property, @Nullable BigDecimal value, boolean required) {
		if (value == null && required) {
			this.problems.add(property, "is not set, but other prices of this provider are",
					"Set llm.failover." + property + " to the provider's list price per million tokens, or remove "
							+ "the provider's prices to leave its costs unknown.");
		}
		else if (value != null && value.signum() < 0) {
			this.problems.add(property, "is " + value.toPlainString() + "; a price must not be negative",
					"Set llm.failover." + property + " to the provider's list price per million tokens (0 for free).");
		}
	}

	private void checkBudget(String prefix, ProviderProperties provider) {
		ProviderProperties.Budget budget = provider.getBudget();
		if (!budget.isConfigured()) {
			return;
		}
		requireBudget(prefix + "budget.daily", budget.getDaily());
		requireBudget(prefix + "budget.monthly", budget.getMonthly());
		if (!provider.getPrice().isConfigured()) {
			String property = prefix + "budget." + ((budget.getDaily() != null) ? "daily" : "monthly");
			String priceProperty = prefix + "price";
			this.problems.add(property, "is set, but the provider has no price, so its spend cannot be counted",
					"Set llm.failover." + priceProperty + ".input and llm.failover." + priceProperty
							+ ".output (per million tokens, in the budget's currency), or remove the budget.");
		}
	}

	private void requireBudget(String property, @Nullable BigDecimal value) {
		if (value != null && value.signum() <= 0) {
			this.problems.add(property, "is " + value.toPlainString() + "; a budget must be more than 0",
					"Set llm.failover." + property + " to the most the provider may cost in that period, in the "
							+ "currency of its prices (to keep a provider out of rotation, set its weight to 0).");
		}
	}

	/**
	 * Parse a currency code.
	 * @param code the configured code, in any case
	 * @return the currency, or {@code null} when the code is not an ISO 4217 code
	 */
	static @Nullable Currency currency(@Nullable String code) {
		if (code == null || code.isBlank()) {
			return null;
		}
		try {
			return Currency.getInstance(code.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
