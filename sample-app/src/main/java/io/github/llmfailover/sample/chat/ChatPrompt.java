package io.github.llmfailover.sample.chat;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.llmfailover.chat.ChatRequest;

/**
 * The body of {@code POST /chat} and {@code /chat/stream}: {@code {"prompt": "...",
 * "system": "..."}}. Read from the JSON tree rather than bound, so that every mistake is
 * reported with the field it concerns (binding would quietly turn {@code "prompt": 5}
 * into {@code "5"}).
 *
 * @param prompt the user's message
 * @param system the system prompt, or {@code null}
 */
record ChatPrompt(String prompt, @Nullable String system) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static ChatPrompt parse(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			throw new InvalidChatRequestException("body", "The request body is empty; send {\"prompt\": \"...\"}");
		}
		JsonNode json;
		try {
			json = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidChatRequestException("body",
					"The request body is not valid JSON: " + ex.getOriginalMessage());
		}
		if (json == null || !json.isObject()) {
			throw new InvalidChatRequestException("body", "The request body must be a JSON object with a \"prompt\"");
		}
		String prompt = text(json, "prompt");
		if (prompt == null) {
			throw new InvalidChatRequestException("prompt", "prompt is required");
		}
		return new ChatPrompt(prompt, text(json, "system"));
	}

	private static @Nullable String text(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new InvalidChatRequestException(field, field + " must be a string, not " + describe(value));
		}
		if (value.stringValue().isBlank()) {
			throw new InvalidChatRequestException(field, field + " must not be blank");
		}
		return value.stringValue();
	}

	private static String describe(JsonNode value) {
		if (value.isNumber()) {
			return "a number";
		}
		if (value.isBoolean()) {
			return "a boolean";
		}
		return value.isArray() ? "an array" : "an object";
	}

	ChatRequest toRequest() {
		ChatRequest.Builder builder = ChatRequest.builder();
		if (this.system != null) {
			builder.system(this.system);
		}
		return builder.user(this.prompt).build();
	}

}
