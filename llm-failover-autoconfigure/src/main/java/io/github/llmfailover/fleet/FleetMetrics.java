package io.github.llmfailover.fleet;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Fleet mode's gauges: {@code llm.failover.fleet.connected} (1 while provider state is
 * shared through Redis, 0 while this instance works alone) and
 * {@code llm.failover.fleet.instances} (the live instances the last sync saw).
 */
public final class FleetMetrics implements MeterBinder {

	private final FleetConnection fleet;

	public FleetMetrics(FleetConnection fleet) {
		this.fleet = fleet;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("llm.failover.fleet.connected", this.fleet, (fleet) -> fleet.isConnected() ? 1 : 0)
			.description("1 while provider state is shared through Redis, 0 while this instance works alone")
			.register(registry);
		Gauge.builder("llm.failover.fleet.instances", this.fleet, FleetConnection::instances)
			.description("Live instances of the fleet, as the last sync saw them")
			.register(registry);
	}

}
