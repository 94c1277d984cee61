package io.github.llmfailover.actuate;

import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.routing.RoutedProvider;

/**
 * A checked change to one provider, from the endpoint's write operation.
 *
 * @param weight the new weight, or {@code null}
 * @param enabled the new enabled flag, or {@code null}
 * @param circuitState the state to force, or {@code null}
 * @param reset whether to return to the configuration
 */
record ProviderUpdate(@Nullable Integer weight, @Nullable Boolean enabled, @Nullable State circuitState,
		boolean reset) {

	private static final String FIELDS = "weight (a whole number, 0 or more), enabled (true or false), "
			+ "circuitState (FORCED_OPEN, CLOSED or DISABLED), or reset (true)";

	static ProviderUpdate parse(@Nullable String weight, @Nullable String enabled, @Nullable String circuitState,
			@Nullable String reset) {
		boolean resetting = reset != null && bool("reset", reset);
		if (reset != null && !resetting) {
			throw new IllegalArgumentException("reset can only be true");
		}
		if (resetting && (weight != null || enabled != null || circuitState != null)) {
			throw new IllegalArgumentException(
					"reset cannot be combined with other changes: it restores the configured "
							+ "weight, enabled flag and a closed circuit");
		}
		if (!resetting && weight == null && enabled == null && circuitState == null) {
			throw new IllegalArgumentException("Nothing to change: send a JSON object with " + FIELDS);
		}
		return new ProviderUpdate((weight != null) ? weight(weight) : null,
				(enabled != null) ? bool("enabled", enabled) : null,
				(circuitState != null) ? circuitState(circuitState) : null, resetting);
	}

	private static int weight(String value) {
		try {
			int weight = Integer.parseInt(value.trim());
			if (weight < 0) {
				throw new IllegalArgumentException(
						"weight must not be negative, was " + weight + "; use 0 to take the provider out of rotation");
			}
			return weight;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("weight must be a whole number, was '" + value + "'");
		}
	}

	private static boolean bool(String field, String value) {
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException(field + " must be true or false, was '" + value + "'");
		};
	}

	private static State circuitState(String value) {
		String normalized = value.trim().toUpperCase(Locale.ROOT);
		return switch (normalized) {
			case "FORCED_OPEN", "CLOSED", "DISABLED" -> State.valueOf(normalized);
			default -> throw new IllegalArgumentException(
					"circuitState must be FORCED_OPEN, CLOSED or DISABLED, was '" + value + "'");
		};
	}

	void applyTo(RoutedProvider provider) {
		if (this.reset) {
			provider.reset();
			return;
		}
		if (this.weight != null) {
			provider.setWeight(this.weight);
		}
		if (this.enabled != null) {
			provider.setEnabled(this.enabled);
		}
		if (this.circuitState != null) {
			provider.forceCircuitState(this.circuitState);
		}
	}

}
