package io.github.llmfailover.actuate;

import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.llmfailover.routing.PanicMode;
import io.github.llmfailover.routing.RetryBudget;

/**
 * Meters of how routing copes with degraded providers: per model group (tag
 * {@code group}), {@code llm.failover.panic.active} (1 while the group's requests are
 * routed past open circuits, else 0) and {@code llm.failover.panic.attempts} (attempts
 * routed past an open circuit); {@code llm.failover.retry.budget.available} (retries the
 * budget would allow now; not registered for an unlimited budget) and
 * {@code llm.failover.retry.budget.rejected} (retries it refused).
 */
public class DegradedRoutingMeterBinder implements MeterBinder {

	/** The tag naming the model group, as on the request and attempt timers. */
	private static final String GROUP_TAG = "group";

	private final Supplier<Map<String, PanicMode>> panics;

	private final Supplier<RetryBudget> retryBudget;

	/**
	 * @param panics the panic mode of each model group, by the group's name, looked up
	 * when bound
	 * @param retryBudget the client's retry budget, looked up when first read
	 */
	public DegradedRoutingMeterBinder(Supplier<Map<String, PanicMode>> panics, Supplier<RetryBudget> retryBudget) {
		this.panics = panics;
		this.retryBudget = retryBudget;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.panics.get().forEach((group, panic) -> {
			Gauge.builder("llm.failover.panic.active", panic, (mode) -> mode.isActive() ? 1 : 0)
				.tag(GROUP_TAG, group)
				.description("1 while no LLM provider of the group is in rotation and its requests are routed past "
						+ "open circuits")
				.register(registry);
			FunctionCounter.builder("llm.failover.panic.attempts", panic, PanicMode::routedAttempts)
				.tag(GROUP_TAG, group)
				.description("Attempts of the group's requests routed to an LLM provider past its open circuit")
				.register(registry);
		});
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
