package io.github.llmfailover.sample.gateway;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A request the gateway cannot accept, with the field at fault ({@code param} in OpenAI's
 * error shape, named in the message in Anthropic's). Each API's error advice writes it in
 * that API's shape.
 */
class GatewayRequestException extends RuntimeException {

	private final @Nullable String param;

	GatewayRequestException(@Nullable String param, String message) {
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
