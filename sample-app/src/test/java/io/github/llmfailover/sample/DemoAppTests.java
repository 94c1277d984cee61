package io.github.llmfailover.sample;

import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;

import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.RoutedProvider;
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
		this.providers.providers().forEach(RoutedProvider::reset);
	}

}
