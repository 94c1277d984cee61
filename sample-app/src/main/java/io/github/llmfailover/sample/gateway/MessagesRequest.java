package io.github.llmfailover.sample.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ResponseFormat;
import io.github.llmfailover.chat.ToolChoice;

/**
 * An Anthropic Messages request, read from the JSON tree so that each mistake names the
 * field: {@code model}, {@code max_tokens}, {@code system}, {@code messages} (read by
 * {@link MessagesContent}), {@code stop_sequences}, {@code temperature}, {@code top_p},
 * {@code metadata.user_id}, {@code tools}, {@code tool_choice},
 * {@code output_config.format} and {@code stream}. A field the gateway cannot honour is
 * refused with a 400 naming it unless its value is the neutral default; unknown fields
 * are ignored.
 *
 * @param request the request for the failover client
 * @param model the model the client asked for
 * @param stream whether to stream
 */
record MessagesRequest(ChatRequest request, String model, boolean stream) {

	/** Fields no provider behind the gateway can honour, and their neutral values. */
	private static final Map<String, Predicate<JsonNode>> NEUTRAL = Map.of("top_k", (value) -> false, "thinking",
			(value) -> "disabled".equals(value.path("type").asString("")), "service_tier",
			(value) -> "auto".equals(value.asString("")) || "standard_only".equals(value.asString("")), "container",
			(value) -> false, "mcp_servers", (value) -> value.isArray() && value.isEmpty(), "context_management",
			(value) -> false, "output_format", (value) -> false);

	static MessagesRequest parse(byte @Nullable [] body, Consumer<ChatRequest.Builder> hedge) {
		JsonNode json = JsonFields.object(body, "messages");
		JsonFields.refuseUnlessNeutral(json, NEUTRAL);
		String model = JsonFields.string(json, "model", "model");
		if (model == null || model.isEmpty()) {
			throw new GatewayRequestException("model", "model: Field required");
		}
		Integer maxTokens = JsonFields.positiveInt(json, "max_tokens");
		if (maxTokens == null) {
			throw new GatewayRequestException("max_tokens", "max_tokens: Field required");
		}
		ChatRequest.Builder builder = ChatRequest.builder().maxTokens(maxTokens);
		hedge.accept(builder);
		String system = system(json.get("system"));
		if (system != null) {
			builder.system(system);
		}
		MessagesContent.read(json, builder);
		options(json, builder);
		tools(json, builder);
		try {
			return new MessagesRequest(builder.build(), model, JsonFields.bool(json, "stream"));
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayRequestException("messages", "messages: " + ex.getMessage());
		}
	}

	private static @Nullable String system(@Nullable JsonNode system) {
		if (system == null || system.isNull()) {
			return null;
		}
		String text = system.isString() ? system.stringValue() : MessagesContent.text(system, "system");
		return text.isEmpty() ? null : text;
	}

	private static void options(JsonNode json, ChatRequest.Builder builder) {
		// Anthropic's range; OpenAI's goes to 2, and the same value means the same there.
		CompletionRequest.readSampling(json, builder, 1);
		JsonNode stop = json.get("stop_sequences");
		if (stop != null && !stop.isNull()) {
			List<String> sequences = new ArrayList<>();
			stop.forEach((sequence) -> sequences.add(sequence.asString("")));
			if (!stop.isArray() || sequences.contains("")) {
				throw new GatewayRequestException("stop_sequences",
						"stop_sequences must be an array of non-empty strings");
			}
			if (!sequences.isEmpty()) {
				builder.stop(sequences.toArray(String[]::new));
			}
		}
		JsonNode metadata = json.get("metadata");
		if (metadata != null && metadata.isObject()) {
			String user = JsonFields.string(metadata, "user_id", "metadata.user_id");
			if (user != null) {
				builder.endUser(user);
			}
		}
		JsonNode output = json.get("output_config");
		if (output != null && !output.isNull()) {
			JsonFields.refuseUnlessNeutral(output, "output_config.", Map.of("effort", (value) -> false));
			JsonNode format = output.get("format");
			if (format != null && !format.isNull()) {
				if (!"json_schema".equals(format.path("type").asString(""))) {
					throw new GatewayRequestException("output_config.format.type",
							"output_config.format.type must be 'json_schema'");
				}
				builder.responseFormat(jsonSchema(format.get("schema")));
			}
		}
	}

	private static ResponseFormat jsonSchema(@Nullable JsonNode schema) {
		try {
			// Anthropic's schemas carry no name; OpenAI's need one. Anthropic holds every
			// answer to its schema; strict OpenAI would refuse common schemas (optional
			// properties), so the schema is passed on as it is, not strict.
			return ResponseFormat.jsonSchema("response", (schema != null) ? schema.toString() : "", false);
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayRequestException("output_config.format.schema", String.valueOf(ex.getMessage()));
		}
	}

	private static void tools(JsonNode json, ChatRequest.Builder builder) {
		CompletionTools.tools(json, builder, (i) -> "tools." + i, (tool, param) -> {
			String type = tool.path("type").asString("custom");
			if (!"custom".equals(type)) {
				throw new GatewayRequestException(param + ".type", param + ".type: tools of type '" + type
						+ "' (server tools) are not supported by this gateway; define custom tools with an input_schema");
			}
			return CompletionTools.tool(tool, "input_schema", param);
		});
		JsonNode choice = json.get("tool_choice");
		if (choice != null && !choice.isNull()) {
			builder.toolChoice(toolChoice(choice));
			if (JsonFields.bool(choice, "disable_parallel_tool_use")) {
				builder.parallelToolCalls(false);
			}
		}
	}

	private static ToolChoice toolChoice(JsonNode choice) {
		return switch (choice.path("type").asString("")) {
			case "auto" -> ToolChoice.AUTO;
			case "any" -> ToolChoice.REQUIRED;
			case "none" -> ToolChoice.NONE;
			case "tool" -> {
				String name = JsonFields.string(choice, "name", "tool_choice.name");
				if (name == null) {
					throw new GatewayRequestException("tool_choice.name", "tool_choice.name: Field required");
				}
				yield ToolChoice.tool(name);
			}
			default -> throw new GatewayRequestException("tool_choice.type",
					"tool_choice.type must be 'auto', 'any', 'tool' or 'none'");
		};
	}

}
