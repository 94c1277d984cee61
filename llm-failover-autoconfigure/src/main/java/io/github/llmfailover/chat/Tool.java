package io.github.llmfailover.chat;

import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A tool the model may call: a function of the application, described by its name and the
 * JSON Schema of its parameters.
 *
 * @param name the name, letters, digits, {@code _} and {@code -} (at most 64), as every
 * provider accepts
 * @param description what the tool does and when to use it, or {@code null}
 * @param parameters the JSON Schema of the arguments, as JSON text; its root is an object
 * schema
 * @param strict whether the provider should make the arguments match the schema exactly
 * (OpenAI and Anthropic {@code strict}; ignored by providers without it)
 */
public record Tool(String name, @Nullable String description, String parameters, boolean strict) {

	private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

	public Tool {
		Objects.requireNonNull(name, "name must not be null");
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Tool name '" + name
					+ "' is not accepted by every provider: use 1 to 64 letters, digits, '_' or '-'");
		}
		Json.requireObjectSchema(parameters, "The parameters of tool '" + name + "'");
	}

	/**
	 * A tool that is not strict.
	 * @param name the name
	 * @param description what it does
	 * @param parameters the JSON Schema of its arguments
	 * @return the tool
	 */
	public static Tool of(String name, @Nullable String description, String parameters) {
		return new Tool(name, description, parameters, false);
	}

}
