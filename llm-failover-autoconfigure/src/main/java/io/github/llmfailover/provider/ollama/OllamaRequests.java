package io.github.llmfailover.provider.ollama;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.github.llmfailover.chat.ChatMessage;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ContentPart;
import io.github.llmfailover.chat.ResponseFormat;
import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.chat.ToolChoice;
import io.github.llmfailover.provider.JsonText;
import io.github.llmfailover.provider.openai.OpenAiRequests;

/**
 * A {@link ChatRequest} in Ollama's {@code /api/chat} shapes: tools as OpenAI has them,
 * assistant {@code tool_calls} with {@code arguments} as an object, results as
 * {@code role: tool} messages naming the tool ({@code tool_name}, found through the
 * call's id), images as base64 {@code images} on the message, structured output as
 * {@code format}, sampling options under {@code options}. Ollama has no tool choice:
 * {@code none} leaves the tools out; a forced choice needs a capability Ollama lacks.
 */
final class OllamaRequests {

	private OllamaRequests() {
	}

	static void putMessages(ObjectNode body, ChatRequest request) {
		ArrayNode messages = body.putArray("messages");
		Map<String, String> toolNames = null;
		for (ChatMessage message : request.messages()) {
			ObjectNode node = messages.addObject()
				.put("role", message.role().wireName())
				.put("content", message.content());
			if (!message.parts().isEmpty()) {
				putImages(node, message);
			}
			if (!message.toolCalls().isEmpty()) {
				toolNames = (toolNames != null) ? toolNames : new HashMap<>();
				ArrayNode calls = node.putArray("tool_calls");
				for (ToolCall call : message.toolCalls()) {
					toolNames.put(call.id(), call.name());
					calls.addObject()
						.putObject("function")
						.put("name", call.name())
						.set("arguments", JsonText.parse(call.arguments()));
				}
			}
			if (message.toolCallId() != null && toolNames != null) {
				node.put("tool_name", toolNames.get(message.toolCallId()));
			}
		}
	}

	private static void putImages(ObjectNode node, ChatMessage message) {
		ArrayNode images = null;
		for (ContentPart part : message.parts()) {
			if (part instanceof ContentPart.Image image) {
				if (image.data() == null) {
					throw new IllegalArgumentException(
							"Ollama takes images as data only, not by URL; give the image's bytes");
				}
				images = (images != null) ? images : node.putArray("images");
				images.add(image.data());
			}
		}
	}

	static void putOptions(ObjectNode options, ChatRequest request, @Nullable Integer maxTokens) {
		if (request.temperature() != null) {
			options.put("temperature", request.temperature());
		}
		if (maxTokens != null) {
			options.put("num_predict", maxTokens);
		}
		if (request.topP() != null) {
			options.put("top_p", request.topP());
		}
		if (request.seed() != null) {
			options.put("seed", request.seed());
		}
		if (!request.stop().isEmpty()) {
			ArrayNode stop = options.putArray("stop");
			request.stop().forEach(stop::add);
		}
	}

	static void putToolsAndFormat(ObjectNode body, ChatRequest request) {
		ToolChoice choice = request.toolChoice();
		if (!request.tools().isEmpty() && (choice == null || choice.mode() != ToolChoice.Mode.NONE)) {
			OpenAiRequests.putTools(body.putArray("tools"), request);
		}
		ResponseFormat format = request.responseFormat();
		if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
			body.set("format",
					JsonText.parse(Objects.requireNonNull(format.schema(), "a JSON schema format has a schema")));
		}
		else if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
			body.put("format", "json");
		}
	}

}
