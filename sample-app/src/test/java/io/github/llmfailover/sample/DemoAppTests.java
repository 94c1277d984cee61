package io.github.llmfailover.sample;

import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;

import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.sample.demo.Fault;
import io.github.llmfailover.sample.demo.SimulatedProviders;

/**
 * Base of the tests that change the demo's simulated providers or the routing state: the
 * application context is shared between test classes, so each test leaves both as it
 * found them.
 */
abstract class DemoAppTests {

	@Autowired
	protected SimulatedProviders simulators;

	@Autowired
	protected ProviderRegistry providers;

	@AfterEach
	void restoreDemo() {
		this.simulators.resetAll();
		resetProviders(this.providers);
	}

	/** Leave only one simulated provider working, the others failing with 500. */
	protected void onlyWorking(String provider) {
		this.simulators.resetAll();
		resetProviders(this.providers);
		this.simulators.all()
			.stream()
			.filter((simulator) -> !simulator.name().equals(provider))
			.forEach((simulator) -> simulator.setFault(Fault.SERVER_ERROR, null));
	}

	/** Return every provider to its configuration. */
	static void resetProviders(ProviderRegistry providers) {
		providers.providers()
			.forEach((provider) -> providers.update(provider.name(), ProviderChange.resetToConfiguration()));
	}

	/** Apply a change to every provider. */
	static void changeAll(ProviderRegistry providers, ProviderChange change) {
		providers.providers().forEach((provider) -> providers.update(provider.name(), change));
	}

}
