package io.github.llmfailover.provider;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * A failure a provider reported or caused: an error status with its error body, a success
 * status whose body could not be read or was larger than the configured limit, or an
 * error event inside a stream. Routing classifies it; the message is safe to show (no API
 * key).
 */
public class ProviderException extends RuntimeException {

	private final String provider;

	private final int status;

	private final @Nullable String errorCode;

	private final @Nullable Duration retryAfter;

	private final @Nullable Boolean shouldRetry;

	private final boolean malformed;

	private final @Nullable DataSize responseLimit;

	private ProviderException(String provider, int status, String message, @Nullable String errorCode,
			@Nullable Duration retryAfter, @Nullable Boolean shouldRetry, boolean malformed,
			@Nullable Throwable cause) {
		this(provider, status, message, errorCode, retryAfter, shouldRetry, malformed, null, cause);
	}

	private ProviderException(String provider, int status, String message, @Nullable String errorCode,
			@Nullable Duration retryAfter, @Nullable Boolean shouldRetry, boolean malformed,
			@Nullable DataSize responseLimit, @Nullable Throwable cause) {
		// Failures are routine here: a stack trace per failed attempt would cost more
		// than the information it carries.
		super(message, cause, false, false);
		this.provider = provider;
		this.status = status;
		this.errorCode = errorCode;
		this.retryAfter = retryAfter;
		this.shouldRetry = shouldRetry;
		this.malformed = malformed;
		this.responseLimit = responseLimit;
	}

	/**
	 * The provider answered with an error status.
	 * @param provider the provider's name
	 * @param status the HTTP status
	 * @param message the provider's message
	 * @param errorCode the provider's error code or type, if it gave one
	 * @param retryAfter the provider's retry hint, if it gave one
	 * @param shouldRetry the provider's {@code x-should-retry} header, if it sent one
	 * @return the exception
	 */
	public static ProviderException errorStatus(String provider, int status, String message, @Nullable String errorCode,
			@Nullable Duration retryAfter, @Nullable Boolean shouldRetry) {
		return new ProviderException(provider, status, message, errorCode, retryAfter, shouldRetry, false, null);
	}

	/**
	 * The provider answered with a success status but a body that is not its wire format.
	 * @param provider the provider's name
	 * @param status the HTTP status
	 * @param detail what is wrong with the body
	 * @param cause the parse failure, if any
	 * @return the exception
	 */
	public static ProviderException malformed(String provider, int status, String detail, @Nullable Throwable cause) {
		return new ProviderException(provider, status, "malformed response: " + detail, null, null, null, true, cause);
	}

	/**
	 * The provider reported an error inside a stream whose status was already sent.
	 * @param provider the provider's name
	 * @param message the provider's message
	 * @param errorCode the provider's error type, if it gave one
	 * @return the exception
	 */
	public static ProviderException streamError(String provider, String message, @Nullable String errorCode) {
		return new ProviderException(provider, 200, "error event in stream: " + message, errorCode, null, null, true,
				null);
	}

	/**
	 * The provider answered, but more than this client is configured to hold in memory:
	 * the whole answer, or one frame of a stream.
	 * @param provider the provider's name
	 * @param status the HTTP status
	 * @param limit the provider's {@code max-response-size}
	 * @param cause the buffer limit failure, if any
	 * @return the exception
	 */
	public static ProviderException responseTooLarge(String provider, int status, DataSize limit,
			@Nullable Throwable cause) {
		return new ProviderException(provider, status, "answer larger than " + limit.toBytes() + " bytes", null, null,
				null, false, limit, cause);
	}

	public String provider() {
		return this.provider;
	}

	/**
	 * The HTTP status of the answer.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * The provider's error code or type ({@code insufficient_quota},
	 * {@code overloaded_error}).
	 * @return the code, or {@code null}
	 */
	public @Nullable String errorCode() {
		return this.errorCode;
	}

	/**
	 * How long the provider asked clients to wait, from {@code retry-after-ms} or
	 * {@code retry-after}.
	 * @return the wait, or {@code null}
	 */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * The provider's own verdict from the {@code x-should-retry} header.
	 * @return the verdict, or {@code null} when the header was absent
	 */
	public @Nullable Boolean shouldRetry() {
		return this.shouldRetry;
	}

	/**
	 * Whether the answer had a success status but could not be read.
	 * @return {@code true} for malformed answers and stream error events
	 */
	public boolean isMalformed() {
		return this.malformed;
	}

	/**
	 * The limit the answer went over, when that is what failed: not the provider's fault,
	 * and another provider's answer would be as long.
	 * @return the provider's {@code max-response-size}, or {@code null} for other
	 * failures
	 */
	public @Nullable DataSize responseLimit() {
		return this.responseLimit;
	}

}
