package io.github.llmfailover.routing;

import java.time.Duration;

/**
 * Test access to what only routing does to a provider.
 */
public final class RoutedProviderAccess {

	private RoutedProviderAccess() {
	}

	public static void coolDown(RoutedProvider provider, Duration duration) {
		provider.coolDown(duration);
	}

}
