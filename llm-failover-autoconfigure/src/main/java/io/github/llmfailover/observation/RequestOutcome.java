package io.github.llmfailover.observation;

import java.util.Locale;

/**
 * How a whole request ended, as the {@code outcome} tag of {@code llm.failover.requests}.
 */
public enum RequestOutcome {

	/** A provider answered. */
	SUCCESS,

	/** The provider rejected the request itself; no failover. */
	CLIENT_ERROR,

	/** The answer was larger than the configured limit; no failover. */
	RESPONSE_TOO_LARGE,

	/** Every allowed attempt failed. */
	EXHAUSTED,

	/** No provider was in rotation. */
	NO_PROVIDER,

	/** The deadline passed. */
	TIMEOUT,

	/** The caller cancelled. */
	CANCELLED,

	/** A stream broke after its first token. */
	INTERRUPTED;

	/**
	 * The tag value.
	 * @return the lower-case name
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
