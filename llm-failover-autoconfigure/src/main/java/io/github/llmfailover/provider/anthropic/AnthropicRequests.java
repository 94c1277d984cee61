package io.github.llmfailover.provider.anthropic;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.github.llmfailover.chat.ChatMessage;
import io.github.llmfailover.chat.ChatMessage.Role;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ContentPart;
import io.github.llmfailover.chat.ResponseFormat;
import io.github.llmfailover.chat.Tool;
import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.chat.ToolChoice;
import io.github.llmfailover.provider.JsonText;
import io.github.llmfailover.provider.StructuredOutputMethod;
import io.github.llmfailover.provider.ToolCallIds;

/**
 * A {@link ChatRequest} in Anthropic's shapes. The traps: tool calls are {@code tool_use}
 * blocks with {@code input} as an object; all results of one assistant turn go in ONE
 * user message of {@code tool_result} blocks right after it (a user message that follows
 * joins it), a failed call's result marked {@code is_error}; ids must match
 * {@code ^[a-zA-Z0-9_-]+$}; {@code tool_choice} auto / any / tool / none, with
 * {@code disable_parallel_tool_use}; a JSON Schema answer through
 * {@code output_config.format} or, per provider, a forced tool; a JSON object answer
 * always through a forced tool.
 */
final class AnthropicRequests {

	/** The tool a JSON object answer is forced through; its input is the answer. */
	static final String JSON_ANSWER_TOOL = "json_answer";

	private AnthropicRequests() {
	}

	static void putMessages(ObjectNode body, ChatRequest request) {
		ArrayNode messages = body.putArray("messages");
		ArrayNode results = null;
		for (ChatMessage message : request.messages()) {
			if (message.role() == Role.SYSTEM) {
				continue;
			}
			if (message.role() == Role.TOOL) {
				if (results == null) {
					results = messages.addObject().put("role", "user").putArray("content");
				}
				ObjectNode result = results.addObject()
					.put("type", "tool_result")
					.put("tool_use_id",
							ToolCallIds.portable(
									Objects.requireNonNull(message.toolCallId(), "a tool message answers a call")))
					.put("content", message.content());
				if (message.toolError()) {
					result.put("is_error", true);
				}
				continue;
			}
			if (results != null && message.role() == Role.USER) {
				putBlocks(results, message);
			}
			else if (message.parts().isEmpty() && message.toolCalls().isEmpty()) {
				messages.addObject().put("role", message.role().wireName()).put("content", message.content());
			}
			else {
				putBlocks(messages.addObject().put("role", message.role().wireName()).putArray("content"), message);
			}
			results = null;
		}
	}

	private static void putBlocks(ArrayNode content, ChatMessage message) {
		if (message.parts().isEmpty() && !message.content().isEmpty()) {
			content.addObject().put("type", "text").put("text", message.content());
		}
		for (ContentPart part : message.parts()) {
			if (part instanceof ContentPart.Text text) {
				content.addObject().put("type", "text").put("text", text.text());
			}
			else if (part instanceof ContentPart.Image image) {
				ObjectNode source = content.addObject().put("type", "image").putObject("source");
				if (image.url() != null) {
					source.put("type", "url").put("url", image.url());
				}
				else {
					source.put("type", "base64").put("media_type", image.mediaType()).put("data", image.data());
				}
			}
		}
		for (ToolCall call : message.toolCalls()) {
			content.addObject()
				.put("type", "tool_use")
				.put("id", ToolCallIds.portable(call.id()))
				.put("name", call.name())
				.set("input", JsonText.parse(call.arguments()));
		}
	}

	static void putOptions(ObjectNode body, ChatRequest request, StructuredOutputMethod method) {
		if (request.topP() != null) {
			body.put("top_p", request.topP());
		}
		if (!request.stop().isEmpty()) {
			ArrayNode stop = body.putArray("stop_sequences");
			request.stop().forEach(stop::add);
		}
		if (request.endUser() != null) {
			body.putObject("metadata").put("user_id", request.endUser());
		}
		ArrayNode tools = null;
		if (!request.tools().isEmpty()) {
			tools = body.putArray("tools");
			for (Tool tool : request.tools()) {
				ObjectNode node = tools.addObject().put("name", tool.name());
				if (tool.description() != null) {
					node.put("description", tool.description());
				}
				node.set("input_schema", JsonText.parse(tool.parameters()));
				if (tool.strict()) {
					node.put("strict", true);
				}
			}
			putToolChoice(body, request);
		}
		ResponseFormat format = request.responseFormat();
		if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
			String schema = Objects.requireNonNull(format.schema(), "a JSON schema format has a schema");
			if (method == StructuredOutputMethod.NATIVE) {
				body.putObject("output_config")
					.putObject("format")
					.put("type", "json_schema")
					.set("schema", JsonText.parse(schema));
			}
			else {
				putAnswerTool(body, tools, request, schema);
			}
		}
		else if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
			putAnswerTool(body, tools, request, "{\"type\":\"object\"}");
		}
	}

	/**
	 * The answer as the input of a tool the model must call. With tools of the caller's
	 * own that it may call, it must call one of them or this one ({@code any}), so that
	 * an agent's turn can still call tools; a caller's forced tool leaves no room for an
	 * answer, so then nothing is added. Never {@code strict}: this way serves models
	 * without structured outputs, which have no strict tool use either.
	 */
	private static void putAnswerTool(ObjectNode body, @Nullable ArrayNode tools, ChatRequest request, String schema) {
		ToolChoice choice = request.toolChoice();
		if (choice != null && choice.isForced()) {
			return;
		}
		boolean callerTools = tools != null && (choice == null || choice.mode() != ToolChoice.Mode.NONE);
		((tools != null) ? tools : body.putArray("tools")).addObject()
			.put("name", JSON_ANSWER_TOOL)
			.put("description", "Give the answer as a JSON object matching the input schema.")
			.set("input_schema", JsonText.parse(schema));
		ObjectNode node = body.putObject("tool_choice");
		if (callerTools) {
			node.put("type", "any");
			if (Boolean.FALSE.equals(request.parallelToolCalls())) {
				node.put("disable_parallel_tool_use", true);
			}
		}
		else {
			node.put("type", "tool").put("name", JSON_ANSWER_TOOL);
		}
	}

	private static void putToolChoice(ObjectNode body, ChatRequest request) {
		ToolChoice choice = request.toolChoice();
		boolean serial = Boolean.FALSE.equals(request.parallelToolCalls());
		if (choice == null && !serial) {
			return;
		}
		ToolChoice.Mode mode = (choice != null) ? choice.mode() : ToolChoice.Mode.AUTO;
		ObjectNode node = body.putObject("tool_choice");
		switch (mode) {
			case AUTO -> node.put("type", "auto");
			case NONE -> node.put("type", "none");
			case REQUIRED -> node.put("type", "any");
			case TOOL -> node.put("type", "tool").put("name", Objects.requireNonNull(choice).toolName());
		}
		if (serial && mode != ToolChoice.Mode.NONE) {
			node.put("disable_parallel_tool_use", true);
		}
	}

}
