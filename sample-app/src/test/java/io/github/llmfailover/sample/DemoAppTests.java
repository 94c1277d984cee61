package io.github.llmfailover.sample;

import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;

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
		resetDemo();
	}

	/** Leave only one simulated provider working, the others failing with 500. */
	protected void onlyWorking(String provider) {
		resetDemo();
		this.simulators.all()
			.stream()
			.filter((simulator) -> !simulator.name().equals(provider))
			.forEach((simulator) -> simulator.setFault(Fault.SERVER_ERROR, null));
	}

	/** Return the simulated providers and the routing state to their configuration. */
	protected void resetDemo() {
		try (LogLevels quiet = quietResets()) {
			this.simulators.resetAll();
			resetProviders(this.providers);
		}
	}

	/** Return every provider to its configuration. */
	static void resetProviders(ProviderRegistry providers) {
		try (LogLevels quiet = quietResets()) {
			providers.providers()
				.forEach((provider) -> providers.update(provider.name(), ProviderChange.resetToConfiguration()));
		}
	}

	/**
	 * The simulators and the routing log each change at INFO, as an operator wants to see
	 * them; the resets between tests are housekeeping, kept out of the build's output.
	 */
	private static LogLevels quietResets() {
		return LogLevels.set(LogLevel.WARN, "io.github.llmfailover.sample.demo", "io.github.llmfailover.routing");
	}

	/** Apply a change to every provider. */
	static void changeAll(ProviderRegistry providers, ProviderChange change) {
		providers.providers().forEach((provider) -> providers.update(provider.name(), change));
	}

}
