package io.github.llmfailover.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import io.github.llmfailover.actuate.LlmProvidersHealthDetailsContributor;

/**
 * Fleet mode in the {@code llmProviders} health details: whether provider state is shared
 * through Redis ({@code SHARED}) or this instance works alone ({@code LOCAL}), since
 * when, and why. Never a status of its own: Redis being away does not make the providers
 * unhealthy.
 */
public final class FleetHealthDetails implements LlmProvidersHealthDetailsContributor {

	private final FleetConnection fleet;

	public FleetHealthDetails(FleetConnection fleet) {
		this.fleet = fleet;
	}

	@Override
	public void contribute(BiConsumer<String, Object> details) {
		Map<String, Object> state = new LinkedHashMap<>();
		boolean connected = this.fleet.isConnected();
		state.put("state", connected ? "SHARED" : "LOCAL");
		state.put("since", this.fleet.since().toString());
		state.put("instances", this.fleet.instances());
		String lastError = this.fleet.lastError();
		if (!connected && lastError != null) {
			state.put("error", lastError);
		}
		details.accept("fleet", state);
	}

}
