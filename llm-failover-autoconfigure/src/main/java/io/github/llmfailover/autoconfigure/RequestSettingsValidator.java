package io.github.llmfailover.autoconfigure;

/**
 * Checks the settings every request runs under: attempts, deadlines, backoff, cooldowns,
 * concurrency and sizes, and the circuit breakers' settings (the defaults here, and each
 * provider's own for {@link ProviderValidator}).
 */
final class RequestSettingsValidator {

	private final ConfigurationProblems problems;

	RequestSettingsValidator(ConfigurationProblems problems) {
		this.problems = problems;
	}

	void check(LlmFailoverProperties properties) {
		this.problems.requireAttempts("max-attempts", properties.getMaxAttempts(),
				"Set llm.failover.max-attempts to 1 or more (default 3).");
		this.problems.requirePositive("timeout", properties.getTimeout());
		this.problems.requirePositive("attempt-timeout", properties.getAttemptTimeout());
		this.problems.requireAttemptWithinDeadline("attempt-timeout", properties.getAttemptTimeout(),
				"llm.failover.timeout", properties.getTimeout(),
				"Make llm.failover.attempt-timeout at most llm.failover.timeout, so a failed attempt leaves time "
						+ "to fail over.");
		if (properties.getMaxCooldown().isNegative()) {
			this.problems.add("max-cooldown", "must not be negative", "Set llm.failover.max-cooldown to 0 or more.");
		}
		this.problems.requireAtLeastOne("max-concurrent-calls", properties.getMaxConcurrentCalls());
		this.problems.checkResponseSize("max-response-size", properties.getMaxResponseSize());
		this.problems.requireAtLeastOne("http.max-connections", properties.getHttp().getMaxConnections());
		checkBackoff(properties.getBackoff());
		checkCircuitBreaker("circuit-breaker", properties.getCircuitBreaker());
	}

	private void checkBackoff(BackoffProperties backoff) {
		if (backoff.getInitial().isNegative() || backoff.getMax().compareTo(backoff.getInitial()) < 0) {
			this.problems.add("backoff",
					"needs 0 <= initial <= max, but initial is " + backoff.getInitial() + " and max is "
							+ backoff.getMax(),
					"Set llm.failover.backoff.initial and .max so that 0 <= initial <= max.");
		}
		if (!(backoff.getMultiplier() >= 1.0)) {
			this.problems.add("backoff.multiplier", "is " + backoff.getMultiplier() + "; backoff must not shrink",
					"Set llm.failover.backoff.multiplier to 1.0 or more (default 2.0).");
		}
	}

	/**
	 * Check circuit breaker settings, the defaults or a provider's own.
	 * @param prefix their property, without the {@code llm.failover.} prefix
	 * @param circuitBreaker the settings
	 */
	void checkCircuitBreaker(String prefix, CircuitBreakerProperties circuitBreaker) {
		Float threshold = circuitBreaker.getFailureRateThreshold();
		if (threshold != null && !(threshold > 0 && threshold <= 100)) {
			this.problems.add(prefix + ".failure-rate-threshold", "is " + threshold + "; it is a percentage",
					"Set llm.failover." + prefix + ".failure-rate-threshold between 1 and 100 (default 50).");
		}
		this.problems.requireAtLeastOneIfSet(prefix + ".sliding-window-size", circuitBreaker.getSlidingWindowSize());
		this.problems.requireAtLeastOneIfSet(prefix + ".minimum-number-of-calls",
				circuitBreaker.getMinimumNumberOfCalls());
		this.problems.requireAtLeastOneIfSet(prefix + ".permitted-calls-in-half-open-state",
				circuitBreaker.getPermittedCallsInHalfOpenState());
		this.problems.requirePositiveIfSet(prefix + ".wait-duration-in-open-state",
				circuitBreaker.getWaitDurationInOpenState());
	}

}
