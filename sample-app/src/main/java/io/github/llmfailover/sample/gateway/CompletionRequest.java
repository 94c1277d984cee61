package io.github.llmfailover.sample.gateway;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.llmfailover.chat.ChatMessage.Role;
import io.github.llmfailover.chat.ChatRequest;

/**
 * An OpenAI Chat Completions request, read from the JSON tree so that each mistake is
 * reported with the {@code param} it concerns, as OpenAI does. Unknown fields are
 * ignored; features the gateway cannot honour (tools, several choices) are refused rather
 * than silently dropped.
 *
 * @param request the request for the failover client
 * @param model the model the client asked for (reported back; the providers' models
 * answer)
 * @param stream whether to stream
 * @param includeUsage whether a stream ends with a usage chunk
 */
record CompletionRequest(ChatRequest request, String model, boolean stream, boolean includeUsage) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> UNSUPPORTED = Set.of("tools", "tool_choice", "functions", "function_call");

	static CompletionRequest parse(byte @Nullable [] body) {
		JsonNode json = readObject(body);
		for (String field : UNSUPPORTED) {
			JsonNode value = json.get(field);
			if (value != null && !value.isNull() && !(value.isArray() && value.isEmpty())) {
				throw new OpenAiRequestException(field, "'" + field + "' is not supported by this gateway");
			}
		}
		JsonNode n = json.get("n");
		if (n != null && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1)) {
			throw new OpenAiRequestException("n", "Only n=1 is supported by this gateway");
		}
		ChatRequest.Builder builder = ChatRequest.builder();
		readMessages(json, builder);
		Integer maxTokens = positiveInt(json, "max_completion_tokens");
		if (maxTokens == null) {
			maxTokens = positiveInt(json, "max_tokens");
		}
		if (maxTokens != null) {
			builder.maxTokens(maxTokens);
		}
		JsonNode temperature = json.get("temperature");
		if (temperature != null && !temperature.isNull()) {
			if (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2) {
				throw new OpenAiRequestException("temperature", "temperature must be a number between 0 and 2");
			}
			builder.temperature(temperature.asDouble());
		}
		boolean stream = bool(json, "stream");
		JsonNode options = json.get("stream_options");
		if (options != null && !options.isNull() && !options.isObject()) {
			throw new OpenAiRequestException("stream_options", "stream_options must be an object");
		}
		boolean includeUsage = options != null && options.isObject() && bool(options, "include_usage");
		if (includeUsage && !stream) {
			throw new OpenAiRequestException("stream_options", "stream_options is only allowed when stream is true");
		}
		JsonNode model = json.get("model");
		if (model != null && !model.isNull() && !model.isString()) {
			throw new OpenAiRequestException("model", "model must be a string");
		}
		return new CompletionRequest(builder.build(), (model != null && model.isString()) ? model.stringValue() : "",
				stream, includeUsage);
	}

	private static JsonNode readObject(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			throw new OpenAiRequestException(null, "The request body is empty; send a JSON object with 'messages'");
		}
		try {
			JsonNode json = JSON.readTree(body);
			if (json == null || !json.isObject()) {
				throw new OpenAiRequestException(null, "The request body must be a JSON object");
			}
			return json;
		}
		catch (JacksonException ex) {
			throw new OpenAiRequestException(null,
					"We could not parse the JSON body of your request: " + ex.getOriginalMessage());
		}
	}

	private static void readMessages(JsonNode json, ChatRequest.Builder builder) {
		JsonNode messages = json.get("messages");
		if (messages == null || messages.isNull()) {
			throw new OpenAiRequestException("messages", "Missing required parameter: 'messages'");
		}
		if (!messages.isArray() || messages.isEmpty()) {
			throw new OpenAiRequestException("messages", "'messages' must be a non-empty array");
		}
		boolean hasTurn = false;
		for (int i = 0; i < messages.size(); i++) {
			String param = "messages[" + i + "]";
			JsonNode message = messages.get(i);
			if (!message.isObject()) {
				throw new OpenAiRequestException(param, param + " must be an object");
			}
			Role role = role(message.get("role"), param + ".role");
			hasTurn |= role != Role.SYSTEM;
			builder.message(role, content(message.get("content"), param + ".content"));
		}
		if (!hasTurn) {
			throw new OpenAiRequestException("messages", "'messages' must contain at least one user message");
		}
	}

	private static Role role(@Nullable JsonNode role, String param) {
		String value = (role != null && role.isString()) ? role.stringValue() : null;
		if (value == null) {
			throw new OpenAiRequestException(param,
					param + " must be one of 'system', 'developer', 'user', 'assistant'");
		}
		return switch (value) {
			case "system", "developer" -> Role.SYSTEM;
			case "user" -> Role.USER;
			case "assistant" -> Role.ASSISTANT;
			default -> throw new OpenAiRequestException(param,
					"Role '" + value + "' is not supported by this gateway; use system, developer, user or assistant");
		};
	}

	/** Text, or an array of content parts of which the text parts are joined. */
	private static String content(@Nullable JsonNode content, String param) {
		if (content != null && content.isString() && !content.stringValue().isEmpty()) {
			return content.stringValue();
		}
		if (content != null && content.isArray()) {
			StringBuilder text = new StringBuilder();
			for (JsonNode part : content) {
				if (!"text".equals(part.path("type").asString(""))) {
					throw new OpenAiRequestException(param, "Only text content parts are supported by this gateway");
				}
				text.append(part.path("text").asString(""));
			}
			if (!text.isEmpty()) {
				return text.toString();
			}
		}
		throw new OpenAiRequestException(param, param + " must be a non-empty string or an array of text parts");
	}

	private static @Nullable Integer positiveInt(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
			throw new OpenAiRequestException(field, field + " must be a positive integer");
		}
		return value.asInt();
	}

	private static boolean bool(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return false;
		}
		if (!value.isBoolean()) {
			throw new OpenAiRequestException(field, field + " must be a boolean");
		}
		return value.asBoolean();
	}

}
