package io.github.llmfailover.actuate;

import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.routing.ProviderChange;

/**
 * Reads the endpoint's write body, whose values arrive as text, into a
 * {@link ProviderChange}, so that a bad value is answered with a message naming it.
 */
final class ProviderUpdate {

	private static final String FIELDS = "weight (a whole number, 0 or more), enabled (true or false), "
			+ "circuitState (FORCED_OPEN, CLOSED or DISABLED), or reset (true)";

	private ProviderUpdate() {
	}

	/**
	 * Parse the write body's fields.
	 * @param weight the new weight, or {@code null}
	 * @param enabled the new enabled flag, or {@code null}
	 * @param circuitState the state to force, or {@code null}
	 * @param reset {@code true} to return to the configuration, or {@code null}
	 * @return the change
	 * @throws IllegalArgumentException naming what is wrong
	 */
	static ProviderChange parse(@Nullable String weight, @Nullable String enabled, @Nullable String circuitState,
			@Nullable String reset) {
		boolean resetting = reset != null && bool("reset", reset);
		if (reset != null && !resetting) {
			throw new IllegalArgumentException("reset can only be true");
		}
		if (!resetting && weight == null && enabled == null && circuitState == null) {
			throw new IllegalArgumentException("Nothing to change: send a JSON object with " + FIELDS);
		}
		return new ProviderChange((weight != null) ? weight(weight) : null,
				(enabled != null) ? bool("enabled", enabled) : null,
				(circuitState != null) ? circuitState(circuitState) : null, resetting);
	}

	private static int weight(String value) {
		try {
			return Integer.parseInt(value.trim());
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
		for (State state : ProviderChange.FORCEABLE_STATES) {
			if (state.name().equals(normalized)) {
				return state;
			}
		}
		throw new IllegalArgumentException("circuitState must be FORCED_OPEN, CLOSED or DISABLED, was '" + value + "'");
	}

}
