package io.github.llmfailover.autoconfigure;

import java.time.Duration;

/**
 * Checks what holds retries and extra attempts back or sends them: the retry budget, the
 * providers' rate-limit headers and hedging.
 */
final class RetryControlsValidator {

	private final ConfigurationProblems problems;

	RetryControlsValidator(ConfigurationProblems problems) {
		this.problems = problems;
	}

	void check(LlmFailoverProperties properties) {
		checkRetryBudget(properties.getRetryBudget());
		checkRateLimitHeaders(properties.getRateLimitHeaders());
		checkHedging(properties.getHedging());
	}

	private void checkRetryBudget(RetryBudgetProperties budget) {
		if (!(budget.getPercent() >= 0)) {
			this.problems.add("retry-budget.percent", "is " + budget.getPercent() + "; a share cannot be negative",
					"Set llm.failover.retry-budget.percent to 0 or more (default 20), or "
							+ "llm.failover.retry-budget.enabled=false for no budget.");
		}
		if (budget.getMinRetriesPerSecond() < 0) {
			this.problems.add("retry-budget.min-retries-per-second", "is " + budget.getMinRetriesPerSecond(),
					"Set llm.failover.retry-budget.min-retries-per-second to 0 or more (default 10).");
		}
		if (budget.getWindow().compareTo(Duration.ofSeconds(1)) < 0) {
			this.problems.add("retry-budget.window",
					"is " + budget.getWindow() + "; the budget needs a window of a second or more",
					"Set llm.failover.retry-budget.window to 1s or more (default 10s).");
		}
	}

	private void checkRateLimitHeaders(RateLimitHeadersProperties headers) {
		if (headers.getReserveRequests() < 0) {
			this.problems.add("rate-limit-headers.reserve-requests", "is " + headers.getReserveRequests(),
					"Set llm.failover.rate-limit-headers.reserve-requests to 0 or more (default 0).");
		}
		if (headers.getReserveTokens() < 0) {
			this.problems.add("rate-limit-headers.reserve-tokens", "is " + headers.getReserveTokens(),
					"Set llm.failover.rate-limit-headers.reserve-tokens to 0 or more (default 0).");
		}
		if (headers.getMaxHold().isNegative() || headers.getMaxHold().isZero()) {
			this.problems.add("rate-limit-headers.max-hold", "is " + headers.getMaxHold() + "; a hold must last",
					"Set llm.failover.rate-limit-headers.max-hold to a positive duration (default 60s), or "
							+ "llm.failover.rate-limit-headers.enabled=false to ignore the headers.");
		}
	}

	private void checkHedging(HedgingProperties hedging) {
		Duration delay = hedging.getDelay();
		if (delay != null && (delay.isNegative() || delay.isZero())) {
			this.problems.add("hedging.delay", "is " + delay + "; the first attempt needs some time",
					"Set llm.failover.hedging.delay to a positive duration such as 500ms, or leave it unset to "
							+ "wait for the provider's observed percentile.");
		}
		if (!(hedging.getPercentile() > 0 && hedging.getPercentile() < 100)) {
			this.problems.add("hedging.percentile", "is " + hedging.getPercentile(),
					"Set llm.failover.hedging.percentile above 0 and below 100 (default 95).");
		}
		if (!(hedging.getBudgetPercent() >= 0 && hedging.getBudgetPercent() <= 100)) {
			this.problems.add("hedging.budget-percent", "is " + hedging.getBudgetPercent(),
					"Set llm.failover.hedging.budget-percent between 0 and 100 (default 10).");
		}
	}

}
