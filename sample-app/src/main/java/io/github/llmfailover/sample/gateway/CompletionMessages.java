package io.github.llmfailover.sample.gateway;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatMessage;
import io.github.llmfailover.chat.ChatMessage.Role;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ContentPart;
import io.github.llmfailover.chat.ToolCall;

/**
 * The {@code messages} of a Chat Completions request: system and developer messages, user
 * messages of text or content parts (text and {@code image_url}), assistant messages with
 * {@code tool_calls}, and {@code tool} messages answering them.
 */
final class CompletionMessages {

	private CompletionMessages() {
	}

	static void read(JsonNode json, ChatRequest.Builder builder) {
		JsonNode messages = json.get("messages");
		if (messages == null || messages.isNull()) {
			throw new GatewayRequestException("messages", "Missing required parameter: 'messages'");
		}
		if (!messages.isArray() || messages.isEmpty()) {
			throw new GatewayRequestException("messages", "'messages' must be a non-empty array");
		}
		boolean hasTurn = false;
		for (int i = 0; i < messages.size(); i++) {
			String param = "messages[" + i + "]";
			JsonNode message = messages.get(i);
			if (!message.isObject()) {
				throw new GatewayRequestException(param, param + " must be an object");
			}
			ChatMessage read = message(message, param);
			hasTurn |= read.role() != Role.SYSTEM;
			builder.message(read);
		}
		if (!hasTurn) {
			throw new GatewayRequestException("messages", "'messages' must contain at least one user message");
		}
	}

	private static ChatMessage message(JsonNode message, String param) {
		String role = message.path("role").asString("");
		JsonNode content = message.get("content");
		try {
			return switch (role) {
				case "system", "developer" -> new ChatMessage(Role.SYSTEM, text(content, param + ".content"));
				case "user" -> user(content, param + ".content");
				case "assistant" -> assistant(message, param);
				case "tool" -> ChatMessage.toolResult(toolCallId(message, param),
						(content == null || content.isNull()) ? "" : text(content, param + ".content"));
				default -> throw new GatewayRequestException(param + ".role",
						param + ".role must be one of 'system', 'developer', 'user', 'assistant', 'tool'");
			};
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayRequestException(param, param + ": " + ex.getMessage());
		}
	}

	private static ChatMessage user(@Nullable JsonNode content, String param) {
		if (content == null || !content.isArray()) {
			return new ChatMessage(Role.USER, text(content, param));
		}
		List<ContentPart> parts = new ArrayList<>(content.size());
		for (int i = 0; i < content.size(); i++) {
			JsonNode part = content.get(i);
			String type = part.path("type").asString("");
			switch (type) {
				case "text" -> parts.add(ContentPart.text(part.path("text").asString("")));
				case "image_url" -> {
					JsonNode url = part.path("image_url").path("url");
					if (!url.isString()) {
						throw new GatewayRequestException(param + "[" + i + "].image_url.url",
								param + "[" + i + "].image_url.url must be a string");
					}
					parts.add(ContentPart.imageUrl(url.stringValue()));
				}
				default -> throw new GatewayRequestException(param + "[" + i + "].type", "Content parts of type '"
						+ type + "' are not supported by this gateway; use text or image_url");
			}
		}
		if (parts.stream().noneMatch(ContentPart.Image.class::isInstance)) {
			return new ChatMessage(Role.USER, text(content, param));
		}
		return ChatMessage.user(parts);
	}

	private static ChatMessage assistant(JsonNode message, String param) {
		JsonNode calls = message.get("tool_calls");
		if (calls == null || calls.isNull() || (calls.isArray() && calls.isEmpty())) {
			return new ChatMessage(Role.ASSISTANT, text(message.get("content"), param + ".content"));
		}
		if (!calls.isArray()) {
			throw new GatewayRequestException(param + ".tool_calls", param + ".tool_calls must be an array");
		}
		List<ToolCall> toolCalls = new ArrayList<>(calls.size());
		for (int i = 0; i < calls.size(); i++) {
			JsonNode call = calls.get(i);
			String at = param + ".tool_calls[" + i + "]";
			JsonNode function = call.path("function");
			if (!call.path("id").isString() || !function.path("name").isString()) {
				throw new GatewayRequestException(at, at + " needs an 'id' and a 'function.name'");
			}
			JsonNode arguments = function.path("arguments");
			toolCalls.add(new ToolCall(call.path("id").stringValue(), function.path("name").stringValue(),
					arguments.isString() ? arguments.stringValue() : "{}"));
		}
		JsonNode content = message.get("content");
		String text = (content == null || content.isNull()) ? ""
				: (content.isString() ? content.stringValue() : joinedText(content));
		return ChatMessage.assistant(text, toolCalls);
	}

	private static String toolCallId(JsonNode message, String param) {
		JsonNode id = message.get("tool_call_id");
		if (id == null || !id.isString() || id.stringValue().isEmpty()) {
			throw new GatewayRequestException(param + ".tool_call_id",
					"Missing required parameter: '" + param + ".tool_call_id'");
		}
		return id.stringValue();
	}

	/** Text, or an array of text parts joined. */
	private static String text(@Nullable JsonNode content, String param) {
		if (content != null && content.isString() && !content.stringValue().isEmpty()) {
			return content.stringValue();
		}
		if (content != null && content.isArray()) {
			String text = joinedText(content);
			if (!text.isEmpty()) {
				return text;
			}
		}
		throw new GatewayRequestException(param, param + " must be a non-empty string or an array of text parts");
	}

	private static String joinedText(JsonNode parts) {
		StringBuilder text = new StringBuilder();
		for (JsonNode part : parts) {
			if (!"text".equals(part.path("type").asString(""))) {
				throw new GatewayRequestException(null, "Only text content parts are supported here");
			}
			text.append(part.path("text").asString(""));
		}
		return text.toString();
	}

}
