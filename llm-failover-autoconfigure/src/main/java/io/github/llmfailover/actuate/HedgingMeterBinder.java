package io.github.llmfailover.actuate;

import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.llmfailover.routing.HedgeBudget;

/**
 * Meters of hedged requests: {@code llm.failover.hedges} with tag {@code result}:
 * {@code sent} (hedges sent), {@code won} (hedges whose answer came first) and
 * {@code cancelled} (calls cancelled because the other call of their request answered
 * first).
 */
public class HedgingMeterBinder implements MeterBinder {

	private final Supplier<HedgeBudget> budget;

	/**
	 * @param budget the hedge budget of the client, looked up when first read
	 */
	public HedgingMeterBinder(Supplier<HedgeBudget> budget) {
		this.budget = budget;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		register(registry, "sent", "Hedges sent to a second LLM provider because the first was slow",
				HedgeBudget::hedgesSent);
		register(registry, "won", "Hedges whose answer came before the first attempt's", HedgeBudget::hedgesWon);
		register(registry, "cancelled", "Calls of hedged requests cancelled because the other answered first",
				HedgeBudget::callsCancelled);
	}

	private void register(MeterRegistry registry, String result, String description,
			ToDoubleFunction<HedgeBudget> count) {
		FunctionCounter.builder("llm.failover.hedges", this.budget, (budget) -> count.applyAsDouble(budget.get()))
			.tag("result", result)
			.description(description)
			.register(registry);
	}

}
