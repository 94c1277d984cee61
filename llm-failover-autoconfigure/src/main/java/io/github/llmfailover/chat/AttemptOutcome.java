package io.github.llmfailover.chat;

import java.util.Locale;

/**
 * How an {@link Attempt} ended. The first two are successes or the caller's doing; the
 * rest explain why traffic moved away from a provider.
 */
public enum AttemptOutcome {

	/** The provider answered. */
	SUCCESS(false),

	/** The caller cancelled; not held against the provider. */
	CANCELLED(false),

	/**
	 * The provider rejected the request itself (400, 413, 422); not held against the
	 * provider.
	 */
	CLIENT_ERROR(false),

	/** The connection was refused, reset or closed early. */
	CONNECTION_ERROR(true),

	/** No answer (or, for a stream, no first token) within the attempt timeout. */
	TIMEOUT(true),

	/** The provider is rate limiting (429). */
	RATE_LIMITED(true),

	/** The provider failed (408, 409, 5xx). */
	SERVER_ERROR(true),

	/**
	 * The provider refused this client: bad key, no credit, no access, unknown model
	 * (401, 402, 403, 404).
	 */
	PROVIDER_ERROR(true),

	/**
	 * A success status with a body that could not be read, or an error inside a stream.
	 */
	BAD_RESPONSE(true),

	/**
	 * The answer was larger than the configured {@code max-response-size}; not held
	 * against the provider, and no failover.
	 */
	RESPONSE_TOO_LARGE(false),

	/** The provider's circuit breaker did not permit the call. */
	CIRCUIT_OPEN(false),

	/** The provider's concurrency limit was reached. */
	SATURATED(false),

	/** The provider was cooling down after a Retry-After when its turn came. */
	COOLING_DOWN(false);

	private final boolean providerFailure;

	AttemptOutcome(boolean providerFailure) {
		this.providerFailure = providerFailure;
	}

	/**
	 * Whether this outcome counts against the provider's circuit breaker.
	 * @return {@code true} for provider failures
	 */
	public boolean isProviderFailure() {
		return this.providerFailure;
	}

	/**
	 * The value used for this outcome in metric tags and JSON.
	 * @return the lower-case name
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
