package io.github.llmfailover.provider;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.github.llmfailover.chat.TokenUsage;

/**
 * The JSON of the wire formats: one mapper of their own, apart from the application's (so
 * that its Jackson settings cannot change what providers are sent), and the reading
 * helpers every format's answers and stream decoders share.
 */
public final class WireJson {

	/** The mapper of the wire formats. */
	static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
		// max-response-size bounds what is read; Jackson's own cap on one string
		// (100M characters) would otherwise turn a longer answer into a malformed one.
		.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
		.build()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

	private WireJson() {
	}

	/**
	 * A new object node, the start of a request body.
	 * @return the node
	 */
	public static ObjectNode newObject() {
		return MAPPER.createObjectNode();
	}

	/**
	 * A text field the format requires.
	 * @param node the parent node
	 * @param field the field
	 * @param where where the field sits, for the error message
	 * @return its text
	 * @throws IllegalStateException naming the field when it is missing or not text
	 */
	public static String requiredText(JsonNode node, String field, String where) {
		JsonNode value = node.path(field);
		if (!value.isString()) {
			throw new IllegalStateException("no '" + where + "' in the answer");
		}
		return value.stringValue();
	}

	/**
	 * A text field that may be missing.
	 * @param node the parent node
	 * @param field the field
	 * @return its text, or {@code null} when it is missing or not text
	 */
	public static @Nullable String optionalText(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.stringValue() : null;
	}

	/**
	 * Token counts from two integer fields, 0 when missing.
	 * @param node the node holding them
	 * @param inputField the field of the input tokens
	 * @param outputField the field of the output tokens
	 * @return the usage
	 */
	public static TokenUsage usage(JsonNode node, String inputField, String outputField) {
		return new TokenUsage(node.path(inputField).asInt(0), node.path(outputField).asInt(0));
	}

}
