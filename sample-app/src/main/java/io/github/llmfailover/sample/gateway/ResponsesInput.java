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
 * The {@code input} of a Responses request: a string, or items: messages ({@code user},
 * {@code system}, {@code developer} with {@code input_text} and {@code input_image}
 * parts, {@code assistant} with {@code output_text}), {@code function_call} items (joined
 * with the assistant text before them into one assistant turn) and
 * {@code function_call_output} items. Items that point at state kept by OpenAI's servers
 * ({@code item_reference}, reasoning) and hosted tools' calls are refused naming the
 * item.
 */
final class ResponsesInput {

	private final ChatRequest.Builder builder;

	/** The assistant turn being gathered: its text and its calls. */
	private final StringBuilder assistantText = new StringBuilder();

	private final List<ToolCall> assistantCalls = new ArrayList<>();

	private ResponsesInput(ChatRequest.Builder builder) {
		this.builder = builder;
	}

	static void read(JsonNode json, ChatRequest.Builder builder) {
		JsonNode input = json.get("input");
		if (input == null || input.isNull()) {
			throw new GatewayRequestException("input", "Missing required parameter: 'input'");
		}
		if (input.isString() && !input.stringValue().isEmpty()) {
			builder.user(input.stringValue());
			return;
		}
		if (!input.isArray() || input.isEmpty()) {
			throw new GatewayRequestException("input", "'input' must be a non-empty string or array of input items");
		}
		ResponsesInput reader = new ResponsesInput(builder);
		for (int i = 0; i < input.size(); i++) {
			String param = "input[" + i + "]";
			try {
				reader.item(input.get(i), param);
			}
			catch (IllegalArgumentException ex) {
				throw new GatewayRequestException(param, param + ": " + ex.getMessage());
			}
		}
		reader.endAssistantTurn();
	}

	private void item(JsonNode item, String param) {
		String type = item.path("type").asString(item.has("role") ? "message" : "");
		switch (type) {
			case "message" -> message(item, param);
			case "function_call" -> {
				String callId = required(item, "call_id", param);
				String name = required(item, "name", param);
				JsonNode arguments = item.path("arguments");
				this.assistantCalls
					.add(new ToolCall(callId, name, arguments.isString() ? arguments.stringValue() : "{}"));
			}
			case "function_call_output" -> {
				endAssistantTurn();
				JsonNode output = item.get("output");
				String text = (output != null && output.isString()) ? output.stringValue()
						: text(output, param + ".output");
				this.builder.toolResult(required(item, "call_id", param), text);
			}
			case "item_reference" -> throw new GatewayRequestException(param + ".type",
					param + ": item references need items stored on the server, which this gateway does not keep;"
							+ " send the items themselves");
			default -> throw new GatewayRequestException(param + ".type", param + ": input items of type '" + type
					+ "' are not supported by this gateway; use message, function_call and function_call_output");
		}
	}

	private void message(JsonNode item, String param) {
		String role = item.path("role").asString("");
		JsonNode content = item.get("content");
		switch (role) {
			case "user" -> {
				endAssistantTurn();
				this.builder.message(user(content, param + ".content"));
			}
			case "system", "developer" -> {
				endAssistantTurn();
				this.builder.system(text(content, param + ".content"));
			}
			case "assistant" -> this.assistantText.append(text(content, param + ".content"));
			default -> throw new GatewayRequestException(param + ".role",
					param + ".role must be one of 'user', 'assistant', 'system', 'developer'");
		}
	}

	private void endAssistantTurn() {
		if (!this.assistantCalls.isEmpty()) {
			this.builder.assistant(this.assistantText.toString(), List.copyOf(this.assistantCalls));
		}
		else if (!this.assistantText.isEmpty()) {
			this.builder.assistant(this.assistantText.toString());
		}
		this.assistantText.setLength(0);
		this.assistantCalls.clear();
	}

	private static ChatMessage user(@Nullable JsonNode content, String param) {
		if (content == null || !content.isArray()) {
			return new ChatMessage(Role.USER, text(content, param));
		}
		List<ContentPart> parts = new ArrayList<>(content.size());
		for (int i = 0; i < content.size(); i++) {
			JsonNode part = content.get(i);
			String at = param + "[" + i + "]";
			switch (part.path("type").asString("")) {
				case "input_text" -> parts.add(ContentPart.text(part.path("text").asString("")));
				case "input_image" -> {
					JsonNode url = part.get("image_url");
					if (url == null || !url.isString()) {
						throw new GatewayRequestException(at + ".image_url",
								at + ".image_url must be a URL or a data: URL (file ids need the Files API, which this"
										+ " gateway does not have)");
					}
					parts.add(ContentPart.imageUrl(url.stringValue()));
				}
				default -> throw unsupported(part, at, "input_text and input_image");
			}
		}
		if (parts.stream().noneMatch(ContentPart.Image.class::isInstance)) {
			return new ChatMessage(Role.USER, text(content, param));
		}
		return ChatMessage.user(parts);
	}

	/** A string, or text parts joined. */
	private static String text(@Nullable JsonNode content, String param) {
		if (content != null && content.isString() && !content.stringValue().isEmpty()) {
			return content.stringValue();
		}
		if (content == null || !content.isArray()) {
			throw new GatewayRequestException(param, param + " must be a non-empty string or an array of text parts");
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < content.size(); i++) {
			JsonNode part = content.get(i);
			String type = part.path("type").asString("");
			if (!type.equals("input_text") && !type.equals("output_text")) {
				throw unsupported(part, param + "[" + i + "]", "input_text and output_text");
			}
			text.append(part.path("text").asString(""));
		}
		return text.toString();
	}

	private static String required(JsonNode item, String field, String param) {
		String value = JsonFields.string(item, field, param + "." + field);
		if (value == null || value.isEmpty()) {
			throw new GatewayRequestException(param + "." + field,
					"Missing required parameter: '" + param + "." + field + "'");
		}
		return value;
	}

	private static GatewayRequestException unsupported(JsonNode part, String param, String supported) {
		return new GatewayRequestException(param + ".type", "Content parts of type '" + part.path("type").asString("")
				+ "' are not supported here by this gateway; use " + supported);
	}

}
