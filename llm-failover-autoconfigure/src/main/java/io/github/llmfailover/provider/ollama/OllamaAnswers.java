package io.github.llmfailover.provider.ollama;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.provider.ToolCallIds;

/**
 * The tool calls of an Ollama message: {@code tool_calls[].function} with
 * {@code arguments} as an object, an {@code id} only from newer servers (else one is
 * generated, so that the result can be paired with the call on any provider).
 */
final class OllamaAnswers {

	private OllamaAnswers() {
	}

	static List<ToolCall> toolCalls(JsonNode message) {
		JsonNode calls = message.path("tool_calls");
		if (!calls.isArray() || calls.isEmpty()) {
			return List.of();
		}
		List<ToolCall> result = new ArrayList<>(calls.size());
		for (JsonNode call : calls) {
			JsonNode function = call.path("function");
			String name = function.path("name").asString("");
			if (name.isEmpty()) {
				throw new IllegalStateException("no 'function.name' in a tool call of the answer");
			}
			String id = call.path("id").asString("");
			result.add(new ToolCall(id.isEmpty() ? ToolCallIds.generate() : id, name, arguments(function)));
		}
		return result;
	}

	static String arguments(JsonNode function) {
		JsonNode arguments = function.path("arguments");
		return arguments.isObject() ? arguments.toString() : (arguments.isString() ? arguments.stringValue() : "{}");
	}

}
