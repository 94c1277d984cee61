package io.github.llmfailover.sample.gateway;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.chat.ToolCall;

/**
 * The gateway's answers in OpenAI's Responses shapes: the {@code response} object and its
 * output items ({@code message} with {@code output_text}, {@code function_call}). One
 * instance per answer, so that a stream's events and its final response share the id and
 * creation time.
 */
final class ResponsesBodies {

	private final String id = ResponseIds.next("resp_");

	private final long createdAt = System.currentTimeMillis() / 1000;

	private final ResponsesRequest request;

	ResponsesBodies(ResponsesRequest request) {
		this.request = request;
	}

	ObjectNode response(ChatResponse answer) {
		ArrayNode output = CompletionResponses.JSON.createArrayNode();
		if (!answer.content().isEmpty() || !answer.hasToolCalls()) {
			ObjectNode message = message(ResponseIds.next("msg_"), status(answer.finishReason()));
			message.withArray("content").add(outputText(answer.content()));
			output.add(message);
		}
		for (ToolCall call : answer.toolCalls()) {
			output.add(functionCall(ResponseIds.next("fc_"), call.id(), call.name(), call.arguments(), "completed"));
		}
		return response(answer.model(), output, answer.finishReason(), answer.usage());
	}

	/**
	 * A response.
	 * @param model the model that answers
	 * @param output its output items
	 * @param finishReason why generation stopped, or {@code null} while it goes on
	 * @param usage the tokens counted, or {@code null} while generation goes on
	 * @return the response
	 */
	ObjectNode response(String model, ArrayNode output, @Nullable FinishReason finishReason,
			@Nullable TokenUsage usage) {
		ObjectNode response = CompletionResponses.JSON.createObjectNode()
			.put("id", this.id)
			.put("object", "response")
			.put("created_at", this.createdAt)
			.put("status", (finishReason != null) ? status(finishReason) : "in_progress")
			.put("background", false);
		response.putNull("error");
		String incomplete = (finishReason != null) ? incompleteReason(finishReason) : null;
		if (incomplete != null) {
			response.putObject("incomplete_details").put("reason", incomplete);
		}
		else {
			response.putNull("incomplete_details");
		}
		response.put("model", model);
		response.set("output", output);
		response.putNull("previous_response_id");
		response.putObject("reasoning").putNull("effort").putNull("summary");
		response.put("service_tier", "default")
			.put("store", false)
			.put("top_logprobs", 0)
			.put("truncation", "disabled");
		response.setAll(this.request.echo());
		if (usage != null) {
			response.putObject("usage")
				.put("input_tokens", usage.inputTokens())
				.<ObjectNode>set("input_tokens_details",
						CompletionResponses.JSON.createObjectNode().put("cached_tokens", usage.cachedInputTokens()))
				.put("output_tokens", usage.outputTokens())
				.<ObjectNode>set("output_tokens_details",
						CompletionResponses.JSON.createObjectNode().put("reasoning_tokens", 0))
				.put("total_tokens", usage.totalTokens());
		}
		else {
			response.putNull("usage");
		}
		return response;
	}

	/** An assistant message item, its content still empty. */
	static ObjectNode message(String id, String status) {
		ObjectNode item = CompletionResponses.JSON.createObjectNode()
			.put("id", id)
			.put("type", "message")
			.put("status", status)
			.put("role", "assistant");
		item.putArray("content");
		return item;
	}

	static ObjectNode outputText(String text) {
		ObjectNode part = CompletionResponses.JSON.createObjectNode().put("type", "output_text").put("text", text);
		part.putArray("annotations");
		part.putArray("logprobs");
		return part;
	}

	static ObjectNode functionCall(String id, String callId, String name, String arguments, String status) {
		return CompletionResponses.JSON.createObjectNode()
			.put("id", id)
			.put("type", "function_call")
			.put("status", status)
			.put("call_id", callId)
			.put("name", name)
			.put("arguments", arguments);
	}

	/** The status of a response, and of its items, that ended for this reason. */
	static String status(FinishReason reason) {
		return (incompleteReason(reason) != null) ? "incomplete" : "completed";
	}

	private static @Nullable String incompleteReason(FinishReason reason) {
		return switch (reason) {
			case LENGTH -> "max_output_tokens";
			case CONTENT_FILTER -> "content_filter";
			case STOP, TOOL_CALLS, OTHER -> null;
		};
	}

}
