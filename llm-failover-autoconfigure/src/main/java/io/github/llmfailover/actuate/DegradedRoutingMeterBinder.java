package io.github.llmfailover.actuate;

import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.llmfailover.routing.PanicMode;
import io.github.llmfailover.routing.RetryBudget;

/**
 * Meters of how routing copes with degraded providers: {@code llm.failover.panic.active}
 * (1 while requests are routed past open circuits, else 0),
 * {@code llm.failover.panic.attempts} (attempts routed past an open circuit),
 * {@code llm.failover.retry.budget.available} (retries the budget would allow now; not
 * registered for an unlimited budget) and {@code llm.failover.retry.budget.rejected}
 * (retries it refused).
 */
public class DegradedRoutingMeterBinder implements MeterBinder {

	private final Supplier<PanicMode> panic;

	private final Supplier<RetryBudget> retryBudget;

	/**
	 * @param panic the panic mode of the providers, looked up when first read
	 * @param retryBudget the client's retry budget, looked up when first read
	 */
	public DegradedRoutingMeterBinder(Supplier<PanicMode> panic, Supplier<RetryBudget> retryBudget) {
		this.panic = panic;
		this.retryBudget = retryBudget;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("llm.failover.panic.active", this.panic, (panic) -> panic.get().isActive() ? 1 : 0)
			.description("1 while no LLM provider is in rotation and requests are routed past open circuits")
			.register(registry);
		FunctionCounter.builder("llm.failover.panic.attempts", this.panic, (panic) -> panic.get().routedAttempts())
			.description("Attempts routed to an LLM provider past its open circuit")
			.register(registry);
		if (this.retryBudget.get().available() != Long.MAX_VALUE) {
			Gauge.builder("llm.failover.retry.budget.available", this.retryBudget, (budget) -> budget.get().available())
				.description("Retries and failovers the retry budget would allow now")
				.register(registry);
		}
		FunctionCounter
			.builder("llm.failover.retry.budget.rejected", this.retryBudget, (budget) -> budget.get().rejected())
			.description("Retries and failovers the retry budget refused")
			.register(registry);
	}

}
