package io.github.llmfailover.sample.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ToolChoice;

/**
 * An OpenAI Responses request, read from the JSON tree so that each mistake is reported
 * with the {@code param} it concerns: {@code model}, {@code input} (read by
 * {@link ResponsesInput}), {@code instructions}, {@code tools} (function tools),
 * {@code tool_choice}, {@code parallel_tool_calls}, {@code text.format},
 * {@code max_output_tokens}, {@code temperature}, {@code top_p}, {@code user} /
 * {@code safety_identifier} and {@code stream}. The gateway keeps no state: what needs
 * responses stored on the server is refused naming the field, as are hosted tools and
 * fields no provider can honour unless neutral; unknown fields are ignored.
 *
 * @param request the request for the failover client
 * @param model the model the client asked for
 * @param stream whether to stream
 * @param echo the request's settings as a response repeats them ({@code instructions},
 * {@code tools}, {@code tool_choice}, {@code text}, ...)
 */
record ResponsesRequest(ChatRequest request, String model, boolean stream, ObjectNode echo) {

	/** What needs state on the server, and when its value asks for none. */
	private static final Map<String, Predicate<JsonNode>> STATEFUL = Map.of("previous_response_id", (value) -> false,
			"conversation", (value) -> false, "store", (value) -> value.isBoolean() && !value.asBoolean(), "background",
			(value) -> value.isBoolean() && !value.asBoolean(), "prompt", (value) -> false);

	/** Fields no provider behind the gateway can honour, and their neutral values. */
	private static final Map<String, Predicate<JsonNode>> NEUTRAL = Map.of("include",
			(value) -> value.isArray() && value.isEmpty(), "reasoning", (value) -> value.isObject() && value.isEmpty(),
			"truncation", (value) -> "disabled".equals(value.asString("")), "max_tool_calls", (value) -> false,
			"top_logprobs", (value) -> value.canConvertToInt() && value.asInt() == 0, "service_tier",
			(value) -> "auto".equals(value.asString("")) || "default".equals(value.asString("")));

	static ResponsesRequest parse(byte @Nullable [] body, Consumer<ChatRequest.Builder> hedge) {
		JsonNode json = JsonFields.object(body, "input");
		STATEFUL.forEach((field, stateless) -> {
			JsonNode value = json.get(field);
			if (value != null && !value.isNull() && !stateless.test(value)) {
				throw new GatewayRequestException(field, "'" + field + "' needs responses kept on the server, which"
						+ " this gateway does not do: send the whole conversation in 'input' (and no 'store: true')");
			}
		});
		JsonFields.refuseUnlessNeutral(json, NEUTRAL);
		ChatRequest.Builder builder = ChatRequest.builder();
		hedge.accept(builder);
		String instructions = JsonFields.string(json, "instructions", "instructions");
		if (instructions != null && !instructions.isEmpty()) {
			builder.system(instructions);
		}
		ResponsesInput.read(json, builder);
		options(json, builder);
		tools(json, builder);
		String model = JsonFields.string(json, "model", "model");
		boolean stream = JsonFields.bool(json, "stream");
		try {
			return new ResponsesRequest(builder.build(), (model != null) ? model : "", stream, echo(json));
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayRequestException("input", String.valueOf(ex.getMessage()));
		}
	}

	private static void options(JsonNode json, ChatRequest.Builder builder) {
		Integer maxTokens = JsonFields.positiveInt(json, "max_output_tokens");
		if (maxTokens != null) {
			builder.maxTokens(maxTokens);
		}
		CompletionRequest.readSampling(json, builder, 2);
		String user = JsonFields.string(json, "safety_identifier", "safety_identifier");
		if (user == null) {
			user = JsonFields.string(json, "user", "user");
		}
		if (user != null) {
			builder.endUser(user);
		}
		JsonNode text = json.get("text");
		if (text != null && !text.isNull()) {
			JsonFields.refuseUnlessNeutral(text, "text.",
					Map.of("verbosity", (value) -> "medium".equals(value.asString(""))));
			JsonNode format = text.get("format");
			if (format != null && !format.isNull()) {
				builder.responseFormat(CompletionTools.responseFormat(format, format, "text.format"));
			}
		}
	}

	private static void tools(JsonNode json, ChatRequest.Builder builder) {
		CompletionTools.tools(json, builder, (i) -> "tools[" + i + "]", (tool, param) -> {
			String type = tool.path("type").asString("");
			if (!"function".equals(type)) {
				throw new GatewayRequestException(param + ".type", "Tools of type '" + type
						+ "' (hosted tools) are not supported by this gateway; only 'function' tools are");
			}
			return CompletionTools.tool(tool, "parameters", param);
		});
		JsonNode choice = json.get("tool_choice");
		if (choice != null && !choice.isNull()) {
			builder.toolChoice(toolChoice(choice));
		}
		CompletionTools.parallelToolCalls(json, builder);
	}

	private static ToolChoice toolChoice(JsonNode choice) {
		if (choice.isString()) {
			return CompletionTools.toolChoice(choice.stringValue(), "tool_choice");
		}
		String name = JsonFields.string(choice, "name", "tool_choice.name");
		if (!"function".equals(choice.path("type").asString("")) || name == null) {
			throw new GatewayRequestException("tool_choice",
					"tool_choice must be 'none', 'auto', 'required' or {\"type\": \"function\", \"name\": ...}");
		}
		return ToolChoice.tool(name);
	}

	/** The settings a response repeats, with OpenAI's defaults for those not given. */
	private static ObjectNode echo(JsonNode json) {
		Map<String, JsonNode> defaults = new LinkedHashMap<>();
		var nodes = CompletionResponses.JSON.getNodeFactory();
		defaults.put("instructions", nodes.nullNode());
		defaults.put("max_output_tokens", nodes.nullNode());
		defaults.put("metadata", nodes.objectNode());
		defaults.put("parallel_tool_calls", nodes.booleanNode(true));
		defaults.put("temperature", nodes.numberNode(1.0));
		defaults.put("text", nodes.objectNode().set("format", nodes.objectNode().put("type", "text")));
		defaults.put("tool_choice", nodes.stringNode("auto"));
		defaults.put("tools", nodes.arrayNode());
		defaults.put("top_p", nodes.numberNode(1.0));
		defaults.put("user", nodes.nullNode());
		ObjectNode echo = CompletionResponses.JSON.createObjectNode();
		defaults.forEach((field, value) -> {
			JsonNode given = json.get(field);
			echo.set(field, (given != null && !given.isNull()) ? given : value);
		});
		return echo;
	}

}
