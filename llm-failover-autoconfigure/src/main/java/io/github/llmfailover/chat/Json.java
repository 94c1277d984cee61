package io.github.llmfailover.chat;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks of the JSON text a request carries (schemas, tool-call arguments), so that a
 * mistake is the caller's error at build time rather than a provider's 400 later.
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static void requireObjectSchema(@Nullable String schema, String what) {
		JsonNode node = parse(schema, what);
		if (!node.isObject()) {
			throw new IllegalArgumentException(what + " must be a JSON Schema object, not " + node.getNodeType());
		}
		JsonNode type = node.get("type");
		if (type != null && !"object".equals(type.asString(""))) {
			throw new IllegalArgumentException(
					what + " must describe an object (\"type\": \"object\"), not " + type.asString(type.toString()));
		}
	}

	static void requireObject(String json, String what) {
		if (!parse(json, what).isObject()) {
			throw new IllegalArgumentException(what + " must be a JSON object");
		}
	}

	private static JsonNode parse(@Nullable String json, String what) {
		if (json == null || json.isBlank()) {
			throw new IllegalArgumentException(what + " must not be empty");
		}
		try {
			return MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(what + " is not valid JSON: " + ex.getOriginalMessage());
		}
	}

}
