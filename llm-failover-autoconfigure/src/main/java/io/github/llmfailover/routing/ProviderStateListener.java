package io.github.llmfailover.routing;

import java.time.Instant;

/**
 * Hears the changes that move a provider in or out of rotation on this instance: its
 * circuit opening and closing, a {@code Retry-After} cooldown, and operator changes.
 * Fleet mode shares them with the other instances through one; an application can declare
 * its own beans to record or forward them. Changes another instance made reach this one
 * through {@link ProviderRegistry#openCircuitUntil},
 * {@link ProviderRegistry#closeCircuit}, {@link ProviderRegistry#coolDownUntil} and
 * {@link ProviderRegistry#update}, and are heard here too.
 *
 * <p>
 * Called synchronously on the thread that made the change, often a request's, so an
 * implementation must return at once and never block. Every method does nothing by
 * default.
 */
public interface ProviderStateListener {

	/**
	 * The provider's circuit opened: it is out of rotation until the given time, then
	 * half-open.
	 * @param provider the provider's name
	 * @param until when the circuit lets trial calls through
	 */
	default void circuitOpened(String provider, Instant until) {
	}

	/**
	 * The provider's circuit closed after being open or half-open: it is healthy again.
	 * @param provider the provider's name
	 */
	default void circuitClosed(String provider) {
	}

	/**
	 * A {@code Retry-After} put the provider in a cooldown.
	 * @param provider the provider's name
	 * @param until when the cooldown ends
	 */
	default void cooldownStarted(String provider, Instant until) {
	}

	/**
	 * The provider's rate-limit headers said its budget is spent, counting the calls in
	 * flight: it is out of rotation until the window resets. Fleet mode shares this as a
	 * cooldown, since the budget belongs to the API key the instances share.
	 * @param provider the provider's name
	 * @param until when the window resets
	 */
	default void rateLimitReached(String provider, Instant until) {
	}

	/**
	 * An operator changed the provider (weight, enabled flag, forced circuit state, or a
	 * reset to its configuration).
	 * @param provider the provider's name
	 * @param change the change, as applied
	 */
	default void operatorChanged(String provider, ProviderChange change) {
	}

}
