package io.github.llmfailover.sample.gateway;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.chat.ToolCall;

/**
 * The gateway's answers in Anthropic's Messages shapes: the {@code message} object and
 * its content blocks, also used by {@link AnthropicStream} for the events.
 */
final class MessagesResponses {

	private MessagesResponses() {
	}

	static ObjectNode message(ChatResponse response) {
		ObjectNode message = message(ResponseIds.next("msg_"), response.model());
		ArrayNode content = message.putArray("content");
		if (!response.content().isEmpty() || !response.hasToolCalls()) {
			content.add(textBlock(response.content()));
		}
		response.toolCalls().forEach((call) -> content.add(toolUseBlock(call.id(), call.name(), input(call))));
		message.put("stop_reason", stopReason(response.finishReason()));
		message.set("usage", usage(response.usage()));
		return message;
	}

	/**
	 * A message without content, stop reason or usage yet, as a stream starts.
	 * @param id its id
	 * @param model the model that answers
	 * @return the message
	 */
	static ObjectNode message(String id, String model) {
		ObjectNode message = CompletionResponses.JSON.createObjectNode()
			.put("id", id)
			.put("type", "message")
			.put("role", "assistant")
			.put("model", model);
		message.putArray("content");
		message.putNull("stop_reason");
		message.putNull("stop_sequence");
		message.set("usage", usage(TokenUsage.NONE));
		return message;
	}

	static ObjectNode textBlock(String text) {
		return CompletionResponses.JSON.createObjectNode().put("type", "text").put("text", text);
	}

	static ObjectNode toolUseBlock(String id, String name, JsonNode input) {
		ObjectNode block = CompletionResponses.JSON.createObjectNode()
			.put("type", "tool_use")
			.put("id", id)
			.put("name", name);
		block.set("input", input);
		return block;
	}

	static String stopReason(@Nullable FinishReason reason) {
		if (reason == null) {
			return "end_turn";
		}
		return switch (reason) {
			case LENGTH -> "max_tokens";
			case TOOL_CALLS -> "tool_use";
			case CONTENT_FILTER -> "refusal";
			case STOP, OTHER -> "end_turn";
		};
	}

	/** Anthropic's usage: its {@code input_tokens} leave out the prompt cache's. */
	static ObjectNode usage(TokenUsage usage) {
		int cached = usage.cachedInputTokens() + usage.cacheWriteInputTokens();
		return CompletionResponses.JSON.createObjectNode()
			.put("input_tokens", Math.max(0, usage.inputTokens() - cached))
			.put("cache_creation_input_tokens", usage.cacheWriteInputTokens())
			.put("cache_read_input_tokens", usage.cachedInputTokens())
			.put("output_tokens", usage.outputTokens());
	}

	private static JsonNode input(ToolCall call) {
		if (call.arguments().isBlank()) {
			return CompletionResponses.JSON.createObjectNode();
		}
		try {
			return CompletionResponses.JSON.readTree(call.arguments());
		}
		catch (JacksonException ex) {
			// Not JSON: passed on as the text it is rather than lost.
			return CompletionResponses.JSON.getNodeFactory().stringNode(call.arguments());
		}
	}

}
