package io.github.llmfailover.provider.openai;

import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.github.llmfailover.chat.ChatMessage;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ContentPart;
import io.github.llmfailover.chat.ResponseFormat;
import io.github.llmfailover.chat.Tool;
import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.chat.ToolChoice;
import io.github.llmfailover.provider.JsonText;
import io.github.llmfailover.provider.ToolCallIds;

/**
 * A {@link ChatRequest} in OpenAI's request shapes: messages (content parts, assistant
 * {@code tool_calls}, {@code tool} results), tools, {@code tool_choice},
 * {@code response_format} and the sampling options.
 */
public final class OpenAiRequests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OpenAiRequests() {
	}

	static void putMessages(ObjectNode body, ChatRequest request) {
		ArrayNode messages = body.putArray("messages");
		for (ChatMessage message : request.messages()) {
			ObjectNode node = messages.addObject().put("role", message.role().wireName());
			if (!message.parts().isEmpty()) {
				putParts(node.putArray("content"), message);
			}
			else if (message.content().isEmpty() && !message.toolCalls().isEmpty()) {
				node.putNull("content");
			}
			else {
				node.put("content", message.content());
			}
			if (!message.toolCalls().isEmpty()) {
				ArrayNode calls = node.putArray("tool_calls");
				for (ToolCall call : message.toolCalls()) {
					ObjectNode function = calls.addObject()
						.put("id", ToolCallIds.portable(call.id()))
						.put("type", "function")
						.putObject("function");
					function.put("name", call.name()).put("arguments", call.arguments());
				}
			}
			if (message.toolCallId() != null) {
				node.put("tool_call_id", ToolCallIds.portable(message.toolCallId()));
			}
		}
	}

	private static void putParts(ArrayNode content, ChatMessage message) {
		for (ContentPart part : message.parts()) {
			if (part instanceof ContentPart.Text text) {
				content.addObject().put("type", "text").put("text", text.text());
			}
			else if (part instanceof ContentPart.Image image) {
				content.addObject().put("type", "image_url").putObject("image_url").put("url", image.asUrl());
			}
		}
	}

	static void putOptions(ObjectNode body, ChatRequest request) {
		if (request.topP() != null) {
			body.put("top_p", request.topP());
		}
		if (request.seed() != null) {
			body.put("seed", request.seed());
		}
		if (!request.stop().isEmpty()) {
			ArrayNode stop = body.putArray("stop");
			request.stop().forEach(stop::add);
		}
		if (request.endUser() != null) {
			body.put("user", request.endUser());
		}
		if (!request.tools().isEmpty()) {
			putTools(body.putArray("tools"), request);
			if (request.toolChoice() != null) {
				body.set("tool_choice", toolChoice(request.toolChoice()));
			}
			if (request.parallelToolCalls() != null) {
				body.put("parallel_tool_calls", request.parallelToolCalls());
			}
		}
		putResponseFormat(body, request.responseFormat());
	}

	/**
	 * The tools in OpenAI's shape, which Ollama shares.
	 * @param tools where they go
	 * @param request the request
	 */
	public static void putTools(ArrayNode tools, ChatRequest request) {
		for (Tool tool : request.tools()) {
			ObjectNode function = tools.addObject().put("type", "function").putObject("function");
			function.put("name", tool.name());
			if (tool.description() != null) {
				function.put("description", tool.description());
			}
			function.set("parameters", JsonText.parse(tool.parameters()));
			if (tool.strict()) {
				function.put("strict", true);
			}
		}
	}

	private static JsonNode toolChoice(ToolChoice choice) {
		return switch (choice.mode()) {
			case AUTO -> JSON.getNodeFactory().stringNode("auto");
			case NONE -> JSON.getNodeFactory().stringNode("none");
			case REQUIRED -> JSON.getNodeFactory().stringNode("required");
			case TOOL -> {
				ObjectNode named = JSON.createObjectNode().put("type", "function");
				named.putObject("function").put("name", choice.toolName());
				yield named;
			}
		};
	}

	private static void putResponseFormat(ObjectNode body, ResponseFormat format) {
		switch (format.type()) {
			case TEXT -> {
				// the default: nothing to send
			}
			case JSON_OBJECT -> body.putObject("response_format").put("type", "json_object");
			case JSON_SCHEMA -> {
				ObjectNode schema = body.putObject("response_format")
					.put("type", "json_schema")
					.putObject("json_schema")
					.put("name", format.name());
				schema.set("schema",
						JsonText.parse(Objects.requireNonNull(format.schema(), "a JSON schema format has a schema")));
				if (format.strict()) {
					schema.put("strict", true);
				}
			}
		}
	}

}
