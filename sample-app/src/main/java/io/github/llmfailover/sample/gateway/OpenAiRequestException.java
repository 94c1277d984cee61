package io.github.llmfailover.sample.gateway;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A Chat Completions request the gateway cannot accept, with the OpenAI {@code param} at
 * fault.
 */
class OpenAiRequestException extends RuntimeException {

	private final @Nullable String param;

	OpenAiRequestException(@Nullable String param, String message) {
		super(message);
		this.param = param;
	}

	@Override
	public String getMessage() {
		// Always given: the message is what the caller is told.
		return Objects.requireNonNull(super.getMessage());
	}

	@Nullable String param() {
		return this.param;
	}

}
