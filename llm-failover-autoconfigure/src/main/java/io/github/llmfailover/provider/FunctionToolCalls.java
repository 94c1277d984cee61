package io.github.llmfailover.provider;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ToolCall;

/**
 * The tool calls of an answer in the shape OpenAI and Ollama share:
 * {@code tool_calls[].function} with a {@code name} and {@code arguments} as JSON text
 * (OpenAI) or as an object (Ollama and some compatible servers). A call without an
 * {@code id} (older Ollama servers) gets a generated one, so that its result can be
 * paired with it on any provider.
 */
public final class FunctionToolCalls {

	private FunctionToolCalls() {
	}

	/**
	 * Read the tool calls of a message.
	 * @param message the answer's message
	 * @return the calls, empty when it has none
	 * @throws IllegalStateException when a call has no function name
	 */
	public static List<ToolCall> read(JsonNode message) {
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

	/**
	 * The arguments of a call as JSON text.
	 * @param function the call's {@code function} object
	 * @return the arguments; {@code {}} when there are none
	 */
	public static String arguments(JsonNode function) {
		JsonNode arguments = function.path("arguments");
		return arguments.isString() ? arguments.stringValue() : (arguments.isObject() ? arguments.toString() : "{}");
	}

}
