package io.github.llmfailover.routing;

import java.util.Set;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.jspecify.annotations.Nullable;

/**
 * An operator's change to one provider, applied with
 * {@link ProviderRegistry#update(String, ProviderChange)}: a new weight, enabled flag or
 * forced circuit state (any of them together), or a return to the configuration. Checked
 * when created, so that a change that cannot apply never reaches a provider.
 *
 * @param weight the new weight (0 takes the provider out of rotation), or {@code null} to
 * keep it
 * @param enabled whether the provider is in rotation, or {@code null} to keep it
 * @param circuitState the state to force its circuit into, one of
 * {@link #FORCEABLE_STATES}, or {@code null} to keep it
 * @param reset whether to return to the configured weight and enabled flag, a closed
 * circuit, no cooldown and no last error; not combined with other changes
 */
public record ProviderChange(@Nullable Integer weight, @Nullable Boolean enabled, @Nullable State circuitState,
		boolean reset) {

	/**
	 * The circuit states an operator can force: {@code FORCED_OPEN} takes the provider
	 * out of rotation until changed, {@code CLOSED} lets it serve again, {@code DISABLED}
	 * lets every call through and stops counting failures.
	 */
	public static final Set<State> FORCEABLE_STATES = Set.of(State.FORCED_OPEN, State.CLOSED, State.DISABLED);

	/**
	 * @throws IllegalArgumentException naming what is wrong: a negative weight, a state
	 * that cannot be forced, a reset combined with other changes, or no change at all
	 */
	public ProviderChange {
		if (weight != null && weight < 0) {
			throw new IllegalArgumentException(
					"weight must not be negative, was " + weight + "; use 0 to take the provider out of rotation");
		}
		if (circuitState != null && !FORCEABLE_STATES.contains(circuitState)) {
			throw new IllegalArgumentException(
					"circuitState can be forced to FORCED_OPEN, CLOSED or DISABLED, not " + circuitState);
		}
		if (reset && (weight != null || enabled != null || circuitState != null)) {
			throw new IllegalArgumentException("reset cannot be combined with other changes: it restores the "
					+ "configured weight, enabled flag and a closed circuit");
		}
		if (!reset && weight == null && enabled == null && circuitState == null) {
			throw new IllegalArgumentException("Nothing to change: set weight, enabled or circuitState, or reset");
		}
	}

	/**
	 * Change the weight.
	 * @param weight the new weight; 0 takes the provider out of rotation
	 * @return the change
	 */
	public static ProviderChange weight(int weight) {
		return new ProviderChange(weight, null, null, false);
	}

	/**
	 * Take the provider in or out of rotation.
	 * @param enabled whether it is in rotation
	 * @return the change
	 */
	public static ProviderChange enabled(boolean enabled) {
		return new ProviderChange(null, enabled, null, false);
	}

	/**
	 * Force the circuit breaker into a state.
	 * @param state one of {@link #FORCEABLE_STATES}
	 * @return the change
	 */
	public static ProviderChange circuitState(State state) {
		return new ProviderChange(null, null, state, false);
	}

	/**
	 * Return the provider to its configuration (the {@code reset} component).
	 * @return the change
	 */
	public static ProviderChange resetToConfiguration() {
		return new ProviderChange(null, null, null, true);
	}

}
