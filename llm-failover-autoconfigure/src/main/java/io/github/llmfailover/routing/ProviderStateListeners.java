package io.github.llmfailover.routing;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Every {@link ProviderStateListener} of the application as one. A listener that throws
 * is logged and skipped: telling others about a change must never fail the request that
 * made it.
 */
final class ProviderStateListeners implements ProviderStateListener {

	private static final Log logger = LogFactory.getLog(ProviderStateListeners.class);

	static final ProviderStateListeners NONE = new ProviderStateListeners(List.of());

	private final List<ProviderStateListener> listeners;

	ProviderStateListeners(List<ProviderStateListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void circuitOpened(String provider, Instant until) {
		each((listener) -> listener.circuitOpened(provider, until));
	}

	@Override
	public void circuitClosed(String provider) {
		each((listener) -> listener.circuitClosed(provider));
	}

	@Override
	public void cooldownStarted(String provider, Instant until) {
		each((listener) -> listener.cooldownStarted(provider, until));
	}

	@Override
	public void rateLimitReached(String provider, Instant until) {
		each((listener) -> listener.rateLimitReached(provider, until));
	}

	@Override
	public void operatorChanged(String provider, ProviderChange change) {
		each((listener) -> listener.operatorChanged(provider, change));
	}

	private void each(Consumer<ProviderStateListener> call) {
		for (ProviderStateListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("ProviderStateListener " + listener.getClass().getName() + " failed", ex);
			}
		}
	}

}
