package io.github.llmfailover.chat;

import java.util.Objects;

/**
 * A model's request to call one of the request's tools.
 *
 * <p>
 * The {@code id} pairs the call with its result (see
 * {@link ChatRequest.Builder#toolResult(String, String)}); ids made by one provider are
 * passed to another in the form it accepts, so a conversation can change provider between
 * a call and its result.
 *
 * @param id the call's id, unique in the conversation
 * @param name the name of the tool to call
 * @param arguments the arguments as JSON text (an object; {@code "{}"} when there are
 * none)
 */
public record ToolCall(String id, String name, String arguments) {

	public ToolCall {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(name, "name must not be null");
		if (id.isBlank()) {
			throw new IllegalArgumentException("A tool call needs an id");
		}
		if (name.isBlank()) {
			throw new IllegalArgumentException("Tool call '" + id + "' needs the name of a tool");
		}
		arguments = (arguments == null || arguments.isBlank()) ? "{}" : arguments;
	}

}
