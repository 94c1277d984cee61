package io.github.llmfailover.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import io.github.llmfailover.chat.Cost;

/**
 * Adds what each served request cost to the counter {@code llm.failover.cost}, tagged
 * with {@code provider} (the configured name), {@code model} (as the provider reported
 * it), {@code currency} and the model {@code group}; its base unit is the currency code,
 * so Prometheus shows {@code llm_failover_cost_USD_total}. Requests of a provider without
 * a price add nothing: their cost is unknown. Recorded when the request's observation
 * stops, so a stream counts once, at its end.
 */
public class CostObservationHandler implements ObservationHandler<ChatObservationContext> {

	/** The meter's name. */
	public static final String METER = "llm.failover.cost";

	private static final String UNKNOWN = "unknown";

	private final MeterRegistry meterRegistry;

	private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * @param meterRegistry where to record
	 */
	public CostObservationHandler(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void onStop(ChatObservationContext context) {
		Cost cost = context.getCost();
		if (cost == null) {
			return;
		}
		String model = context.getModel();
		Key key = new Key(context.getProvider(), (model != null) ? model : UNKNOWN, cost.currency().getCurrencyCode(),
				context.getGroup());
		this.counters.computeIfAbsent(key, this::register).increment(cost.amount().doubleValue());
	}

	private Counter register(Key key) {
		return Counter.builder(METER)
			.description("What the requests served by LLM providers cost, from their configured prices")
			.baseUnit(key.currency())
			.tag("provider", key.provider())
			.tag("model", key.model())
			.tag("currency", key.currency())
			.tag("group", key.group())
			.register(this.meterRegistry);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatObservationContext;
	}

	private record Key(String provider, String model, String currency, String group) {
	}

}
