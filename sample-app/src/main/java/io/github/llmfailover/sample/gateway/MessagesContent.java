package io.github.llmfailover.sample.gateway;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatMessage;
import io.github.llmfailover.chat.ChatMessage.Role;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ContentPart;
import io.github.llmfailover.chat.ToolCall;

/**
 * The {@code messages} of an Anthropic Messages request: user turns of text, images and
 * {@code tool_result} blocks (each result becomes a tool message, before the turn's other
 * content; {@code is_error} marks a failed call's), assistant turns of text and
 * {@code tool_use} blocks. Content is a string or an array of blocks;
 * {@code cache_control} and {@code citations} are ignored, other block types are refused
 * naming the block.
 */
final class MessagesContent {

	private MessagesContent() {
	}

	static void read(JsonNode json, ChatRequest.Builder builder) {
		JsonNode messages = json.get("messages");
		if (messages == null || messages.isNull()) {
			throw new GatewayRequestException("messages", "messages: Field required");
		}
		if (!messages.isArray() || messages.isEmpty()) {
			throw new GatewayRequestException("messages", "messages: must be a non-empty array");
		}
		for (int i = 0; i < messages.size(); i++) {
			String param = "messages." + i;
			JsonNode message = messages.get(i);
			JsonNode content = message.get("content");
			if (content == null || !(content.isString() || content.isArray())) {
				throw new GatewayRequestException(param + ".content",
						param + ".content: must be a string or an array of content blocks");
			}
			try {
				switch (message.path("role").asString("")) {
					case "user" -> user(content, param + ".content", builder);
					case "assistant" -> builder.message(assistant(content, param + ".content"));
					default -> throw new GatewayRequestException(param + ".role",
							param + ".role: must be 'user' or 'assistant' (the system prompt goes in 'system')");
				}
			}
			catch (IllegalArgumentException ex) {
				throw new GatewayRequestException(param, param + ": " + ex.getMessage());
			}
		}
	}

	private static void user(JsonNode content, String param, ChatRequest.Builder builder) {
		if (content.isString()) {
			builder.message(new ChatMessage(Role.USER, content.stringValue()));
			return;
		}
		List<ContentPart> parts = new ArrayList<>(content.size());
		for (int i = 0; i < content.size(); i++) {
			JsonNode block = content.get(i);
			String at = param + "." + i;
			switch (type(block, at)) {
				case "text" -> parts.add(ContentPart.text(block.path("text").asString("")));
				case "image" -> parts.add(image(block.path("source"), at + ".source"));
				case "tool_result" -> builder.message(toolResult(block, at));
				default -> throw unsupported(block, at, "text, image and tool_result");
			}
		}
		if (parts.stream().anyMatch(ContentPart.Image.class::isInstance)) {
			builder.message(ChatMessage.user(parts));
		}
		else if (!parts.isEmpty()) {
			builder.message(new ChatMessage(Role.USER, text(content, param, "tool_result")));
		}
	}

	private static ChatMessage assistant(JsonNode content, String param) {
		if (content.isString()) {
			return new ChatMessage(Role.ASSISTANT, content.stringValue());
		}
		StringBuilder text = new StringBuilder();
		List<ToolCall> calls = new ArrayList<>();
		for (int i = 0; i < content.size(); i++) {
			JsonNode block = content.get(i);
			String at = param + "." + i;
			switch (type(block, at)) {
				case "text" -> text.append(block.path("text").asString(""));
				case "tool_use" -> calls.add(toolUse(block, at));
				default -> throw unsupported(block, at, "text and tool_use");
			}
		}
		return calls.isEmpty() ? new ChatMessage(Role.ASSISTANT, text.toString())
				: ChatMessage.assistant(text.toString(), calls);
	}

	private static ToolCall toolUse(JsonNode block, String param) {
		String id = JsonFields.string(block, "id", param + ".id");
		String name = JsonFields.string(block, "name", param + ".name");
		JsonNode input = block.get("input");
		if (id == null || name == null || input == null || !input.isObject()) {
			throw new GatewayRequestException(param,
					param + ": a tool_use block needs an 'id', a 'name' and an" + " 'input' object");
		}
		return new ToolCall(id, name, input.toString());
	}

	private static ChatMessage toolResult(JsonNode block, String param) {
		String id = JsonFields.string(block, "tool_use_id", param + ".tool_use_id");
		if (id == null) {
			throw new GatewayRequestException(param + ".tool_use_id", param + ".tool_use_id: Field required");
		}
		JsonNode content = block.get("content");
		String result = (content == null || content.isNull()) ? ""
				: content.isString() ? content.stringValue() : text(content, param + ".content");
		return JsonFields.bool(block, "is_error", param + ".is_error") ? ChatMessage.toolError(id, result)
				: ChatMessage.toolResult(id, result);
	}

	private static ContentPart image(JsonNode source, String param) {
		return switch (source.path("type").asString("")) {
			case "base64" ->
				ContentPart.imageData(source.path("media_type").asString(""), source.path("data").asString(""));
			case "url" -> ContentPart.imageUrl(source.path("url").asString(""));
			default -> throw new GatewayRequestException(param + ".type",
					param + ".type: must be 'base64' or 'url' (files are not supported by this gateway)");
		};
	}

	/**
	 * The text of an array of text blocks, joined, skipping blocks of a type another
	 * reader takes.
	 * @param blocks the blocks
	 * @param param how the array is named in errors
	 * @param skipped a block type read elsewhere, not refused here
	 * @return the text
	 */
	static String text(JsonNode blocks, String param, String skipped) {
		if (!blocks.isArray()) {
			throw new GatewayRequestException(param, param + ": must be a string or an array of text blocks");
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < blocks.size(); i++) {
			JsonNode block = blocks.get(i);
			String type = type(block, param + "." + i);
			if ("text".equals(type)) {
				text.append(text.isEmpty() ? "" : "\n").append(block.path("text").asString(""));
			}
			else if (!type.equals(skipped)) {
				throw unsupported(block, param + "." + i, "text");
			}
		}
		return text.toString();
	}

	static String text(JsonNode blocks, String param) {
		return text(blocks, param, "text");
	}

	private static String type(JsonNode block, String param) {
		String type = JsonFields.string(block, "type", param + ".type");
		if (type == null) {
			throw new GatewayRequestException(param + ".type", param + ".type: Field required");
		}
		return type;
	}

	private static GatewayRequestException unsupported(JsonNode block, String param, String supported) {
		return new GatewayRequestException(param + ".type", param + ".type: blocks of type '"
				+ block.path("type").asString("") + "' are not supported here by this gateway; use " + supported);
	}

}
