package io.github.llmfailover.chat;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The form the answer's text must take: free text, a JSON object, or JSON matching a
 * schema (structured output).
 *
 * @param type the kind of format
 * @param name the schema's name (OpenAI requires one), or {@code null} unless the type is
 * {@link Type#JSON_SCHEMA}
 * @param schema the JSON Schema as JSON text, or {@code null} unless the type is
 * {@link Type#JSON_SCHEMA}
 * @param strict whether the answer must match the schema exactly (OpenAI {@code strict})
 */
public record ResponseFormat(Type type, @Nullable String name, @Nullable String schema, boolean strict) {

	/** Free text, the default. */
	public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null, null, false);

	/** Any JSON object. */
	public static final ResponseFormat JSON_OBJECT = new ResponseFormat(Type.JSON_OBJECT, null, null, false);

	public ResponseFormat {
		Objects.requireNonNull(type, "type must not be null");
		if (type == Type.JSON_SCHEMA) {
			if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
				throw new IllegalArgumentException(
						"A JSON schema response format needs a name of 1 to 64 letters, digits, '_' or '-'");
			}
			Json.requireObjectSchema(schema, "The schema of response format '" + name + "'");
		}
		else if (name != null || schema != null) {
			throw new IllegalArgumentException("Only a JSON_SCHEMA response format has a name and a schema");
		}
	}

	/**
	 * JSON matching a schema.
	 * @param name the schema's name
	 * @param schema the JSON Schema as JSON text; its root is an object schema
	 * @param strict whether the answer must match exactly
	 * @return the format
	 */
	public static ResponseFormat jsonSchema(String name, String schema, boolean strict) {
		return new ResponseFormat(Type.JSON_SCHEMA, name, schema, strict);
	}

	/**
	 * The kinds of {@link ResponseFormat}.
	 */
	public enum Type {

		/** Free text. */
		TEXT,

		/** A JSON object. */
		JSON_OBJECT,

		/** JSON matching a schema. */
		JSON_SCHEMA

	}

}
