package io.github.llmfailover.sample.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

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
		tools(json, builder, (i) -> "tools[" + i + "]", (tool, param) -> {
			if (!"function".equals(tool.path("type").asString(""))) {
				throw new GatewayRequestException(param + ".type",
						"Only tools of type 'function' are supported by this gateway");
			}
			return tool(tool.path("function"), "parameters", param + ".function");
		});
		JsonNode choice = json.get("tool_choice");
		if (choice != null && !choice.isNull()) {
			builder.toolChoice(toolChoice(choice));
		}
		parallelToolCalls(json, builder);
		JsonNode format = json.get("response_format");
		if (format != null && !format.isNull()) {
			builder.responseFormat(responseFormat(format));
		}
	}

	/**
	 * The {@code tools} of a request, each read by the API's reader.
	 * @param json the request
	 * @param builder the request for the failover client
	 * @param paramOf how the tool at an index is named in errors
	 * @param reader reads one tool definition, refusing the types the gateway cannot
	 * offer
	 */
	static void tools(JsonNode json, ChatRequest.Builder builder, IntFunction<String> paramOf,
			BiFunction<JsonNode, String, Tool> reader) {
		JsonNode tools = json.get("tools");
		if (tools == null || tools.isNull()) {
			return;
		}
		if (!tools.isArray()) {
			throw new GatewayRequestException("tools", "tools must be an array");
		}
		List<Tool> result = new ArrayList<>(tools.size());
		for (int i = 0; i < tools.size(); i++) {
			result.add(reader.apply(tools.get(i), paramOf.apply(i)));
		}
		builder.tools(result);
	}

	static void parallelToolCalls(JsonNode json, ChatRequest.Builder builder) {
		JsonNode parallel = json.get("parallel_tool_calls");
		if (parallel != null && !parallel.isNull()) {
			builder.parallelToolCalls(JsonFields.bool(json, "parallel_tool_calls"));
		}
	}

	/**
	 * A function tool: its {@code name}, {@code description}, {@code strict} and its
	 * schema in the given field, by default an object without properties.
	 * @param definition the tool's definition
	 * @param schemaField the field holding its JSON Schema
	 * @param param how the definition is named in errors
	 * @return the tool
	 */
	static Tool tool(JsonNode definition, String schemaField, String param) {
		JsonNode parameters = definition.get(schemaField);
		try {
			return new Tool(definition.path("name").asString(""), optionalText(definition, "description"),
					(parameters == null || parameters.isNull()) ? NO_PARAMETERS : parameters.toString(),
					definition.path("strict").asBoolean(false));
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayRequestException(param, String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * The tool choice OpenAI's APIs name by a string.
	 * @param choice the string
	 * @param param how the choice is named in errors
	 * @return the choice
	 */
	static ToolChoice toolChoice(String choice, String param) {
		return switch (choice) {
			case "auto" -> ToolChoice.AUTO;
			case "none" -> ToolChoice.NONE;
			case "required" -> ToolChoice.REQUIRED;
			default -> throw new GatewayRequestException(param,
					param + " must be 'none', 'auto', 'required' or a named function");
		};
	}

	private static ToolChoice toolChoice(JsonNode choice) {
		if (choice.isString()) {
			return toolChoice(choice.stringValue(), "tool_choice");
		}
		JsonNode name = choice.path("function").path("name");
		if (!"function".equals(choice.path("type").asString("")) || !name.isString()) {
			throw new GatewayRequestException("tool_choice",
					"tool_choice must be 'none', 'auto', 'required' or {\"type\": \"function\", \"function\": {\"name\": ...}}");
		}
		return ToolChoice.tool(name.stringValue());
	}

	private static ResponseFormat responseFormat(JsonNode format) {
		return responseFormat(format, format.path("json_schema"), "response_format");
	}

	/**
	 * A {@code text}, {@code json_object} or {@code json_schema} format.
	 * @param format the format, with its {@code type}
	 * @param schema the object holding the schema's {@code name}, {@code schema} and
	 * {@code strict}
	 * @param param how the format is named in errors
	 * @return the format
	 */
	static ResponseFormat responseFormat(JsonNode format, JsonNode schema, String param) {
		String type = format.path("type").asString("");
		try {
			return switch (type) {
				case "text" -> ResponseFormat.TEXT;
				case "json_object" -> ResponseFormat.JSON_OBJECT;
				case "json_schema" -> ResponseFormat.jsonSchema(schema.path("name").asString(""),
						schema.has("schema") ? schema.get("schema").toString() : "",
						schema.path("strict").asBoolean(false));
				default -> throw new GatewayRequestException(param + ".type",
						param + ".type must be 'text', 'json_object' or 'json_schema'");
			};
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayRequestException(param, String.valueOf(ex.getMessage()));
		}
	}

	private static @Nullable String optionalText(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

}
