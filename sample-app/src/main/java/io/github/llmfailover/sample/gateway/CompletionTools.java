package io.github.llmfailover.sample.gateway;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ResponseFormat;
import io.github.llmfailover.chat.Tool;
import io.github.llmfailover.chat.ToolChoice;

/**
 * The tool-calling and structured-output fields of a Chat Completions request:
 * {@code tools}, {@code tool_choice}, {@code parallel_tool_calls} and
 * {@code response_format}.
 */
final class CompletionTools {

	private static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

	private CompletionTools() {
	}

	static void read(JsonNode json, ChatRequest.Builder builder) {
		JsonNode tools = json.get("tools");
		if (tools != null && !tools.isNull()) {
			builder.tools(tools(tools));
		}
		JsonNode choice = json.get("tool_choice");
		if (choice != null && !choice.isNull()) {
			builder.toolChoice(toolChoice(choice));
		}
		JsonNode parallel = json.get("parallel_tool_calls");
		if (parallel != null && !parallel.isNull()) {
			builder.parallelToolCalls(CompletionRequest.bool(json, "parallel_tool_calls"));
		}
		JsonNode format = json.get("response_format");
		if (format != null && !format.isNull()) {
			builder.responseFormat(responseFormat(format));
		}
	}

	private static List<Tool> tools(JsonNode tools) {
		if (!tools.isArray()) {
			throw new OpenAiRequestException("tools", "tools must be an array");
		}
		List<Tool> result = new ArrayList<>(tools.size());
		for (int i = 0; i < tools.size(); i++) {
			String param = "tools[" + i + "]";
			JsonNode tool = tools.get(i);
			if (!"function".equals(tool.path("type").asString(""))) {
				throw new OpenAiRequestException(param + ".type",
						"Only tools of type 'function' are supported by this gateway");
			}
			JsonNode function = tool.path("function");
			JsonNode parameters = function.get("parameters");
			try {
				result.add(new Tool(function.path("name").asString(""), optionalText(function, "description"),
						(parameters == null || parameters.isNull()) ? NO_PARAMETERS : parameters.toString(),
						function.path("strict").asBoolean(false)));
			}
			catch (IllegalArgumentException ex) {
				throw new OpenAiRequestException(param + ".function", String.valueOf(ex.getMessage()));
			}
		}
		return result;
	}

	private static ToolChoice toolChoice(JsonNode choice) {
		if (choice.isString()) {
			return switch (choice.stringValue()) {
				case "auto" -> ToolChoice.AUTO;
				case "none" -> ToolChoice.NONE;
				case "required" -> ToolChoice.REQUIRED;
				default -> throw new OpenAiRequestException("tool_choice",
						"tool_choice must be 'none', 'auto', 'required' or a named function");
			};
		}
		JsonNode name = choice.path("function").path("name");
		if (!"function".equals(choice.path("type").asString("")) || !name.isString()) {
			throw new OpenAiRequestException("tool_choice",
					"tool_choice must be 'none', 'auto', 'required' or {\"type\": \"function\", \"function\": {\"name\": ...}}");
		}
		return ToolChoice.tool(name.stringValue());
	}

	private static ResponseFormat responseFormat(JsonNode format) {
		String type = format.path("type").asString("");
		try {
			return switch (type) {
				case "text" -> ResponseFormat.TEXT;
				case "json_object" -> ResponseFormat.JSON_OBJECT;
				case "json_schema" -> {
					JsonNode schema = format.path("json_schema");
					yield ResponseFormat.jsonSchema(schema.path("name").asString(""),
							schema.has("schema") ? schema.get("schema").toString() : "",
							schema.path("strict").asBoolean(false));
				}
				default -> throw new OpenAiRequestException("response_format.type",
						"response_format.type must be 'text', 'json_object' or 'json_schema'");
			};
		}
		catch (IllegalArgumentException ex) {
			throw new OpenAiRequestException("response_format", String.valueOf(ex.getMessage()));
		}
	}

	private static @Nullable String optionalText(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

}
