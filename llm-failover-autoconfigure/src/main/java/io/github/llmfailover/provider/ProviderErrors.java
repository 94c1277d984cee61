package io.github.llmfailover.provider;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * What one provider's failed answers become: a {@link ProviderException} carrying the
 * provider's own message (redacted of its secrets, abbreviated), the error code of its
 * wire format and the retry hints of its headers; or the malformed or too large answer
 * that a successful status turned out to be.
 */
final class ProviderErrors {

	private static final int MAX_MESSAGE_LENGTH = 300;

	private static final byte[] NO_BODY = new byte[0];

	private final ProviderSettings settings;

	private final SecretRedactor redactor;

	private final int maxBodyBytes;

	private final Function<JsonNode, @Nullable String> messageOf;

	private final Function<JsonNode, @Nullable String> codeOf;

	private final Clock clock;

	/**
	 * @param settings the provider's settings
	 * @param messageOf the message inside an error body of the provider's format
	 * @param codeOf the error code or type inside an error body of the format
	 * @param clock the clock that turns a {@code Retry-After} date into a wait
	 */
	ProviderErrors(ProviderSettings settings, Function<JsonNode, @Nullable String> messageOf,
			Function<JsonNode, @Nullable String> codeOf, Clock clock) {
		this.settings = settings;
		this.redactor = SecretRedactor.of(settings);
		this.maxBodyBytes = Math.toIntExact(settings.maxResponseSize().toBytes());
		this.messageOf = messageOf;
		this.codeOf = codeOf;
		this.clock = clock;
	}

	/**
	 * Read an error answer into its exception.
	 * @param <T> what the call would have answered
	 * @param response the answer, of a status other than 2xx
	 * @return the exception as an error signal
	 */
	<T> Mono<T> error(ClientResponse response) {
		return body(response).flatMap((body) -> Mono.error(toException(response, body)));
	}

	/**
	 * The start of an error body: the status decides what the error means, the body only
	 * gives its message, so a body longer than the limit is cut there.
	 */
	private Mono<byte[]> body(ClientResponse response) {
		return DataBufferUtils
			.join(DataBufferUtils.takeUntilByteCount(response.body(BodyExtractors.toDataBuffers()), this.maxBodyBytes))
			.map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})
			.defaultIfEmpty(NO_BODY);
	}

	private ProviderException toException(ClientResponse response, byte[] body) {
		int status = response.statusCode().value();
		JsonNode json = parseQuietly(body);
		String message = (json != null) ? this.messageOf.apply(json) : null;
		if (message == null || message.isBlank()) {
			message = (body.length > 0) ? new String(body, StandardCharsets.UTF_8).strip() : "HTTP " + status;
		}
		HttpHeaders headers = response.headers().asHttpHeaders();
		return ProviderException.errorStatus(this.settings.name(), status, this.redactor.redact(abbreviate(message)),
				(json != null) ? this.codeOf.apply(json) : null, RetryHints.retryAfter(headers, this.clock),
				RetryHints.shouldRetry(headers));
	}

	private static @Nullable JsonNode parseQuietly(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return WireJson.MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * A successful status whose body is not an answer of the format.
	 * @param status the status
	 * @param cause what reading found wrong
	 * @return the exception
	 */
	ProviderException malformed(int status, Exception cause) {
		return ProviderException.malformed(this.settings.name(), status,
				this.redactor.redact(abbreviate(cause.getMessage())), cause);
	}

	/**
	 * An answer, or one frame of a stream, longer than {@code max-response-size}.
	 * @param status the status
	 * @param cause the limit's exception
	 * @return the exception
	 */
	ProviderException responseTooLarge(int status, Throwable cause) {
		return ProviderException.responseTooLarge(this.settings.name(), status, this.settings.maxResponseSize(), cause);
	}

	/**
	 * A provider's message cut to a length that fits in logs and error answers.
	 * @param text the message
	 * @return the message, or its start followed by {@code ...}
	 */
	static String abbreviate(@Nullable String text) {
		if (text == null) {
			return "";
		}
		return (text.length() <= MAX_MESSAGE_LENGTH) ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "...";
	}

}
