package io.github.llmfailover.sample.gateway;

import java.util.BitSet;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.chat.ToolCallFragment;

/**
 * The gateway's answers in OpenAI's shapes: {@code chat.completion} and
 * {@code chat.completion.chunk}. One instance per answer, so that every chunk of a stream
 * carries the same id and creation time.
 */
final class CompletionResponses {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final String id = ResponseIds.next("chatcmpl-");

	private final long created = System.currentTimeMillis() / 1000;

	ObjectNode completion(ChatResponse response) {
		ObjectNode body = head("chat.completion", response.model());
		ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
		ObjectNode message = choice.putObject("message").put("role", "assistant");
		if (response.content().isEmpty() && response.hasToolCalls()) {
			message.putNull("content");
		}
		else {
			message.put("content", response.content());
		}
		message.putNull("refusal");
		if (response.hasToolCalls()) {
			ArrayNode calls = message.putArray("tool_calls");
			for (ToolCall call : response.toolCalls()) {
				ObjectNode function = calls.addObject()
					.put("id", call.id())
					.put("type", "function")
					.putObject("function");
				function.put("name", call.name()).put("arguments", call.arguments());
			}
		}
		choice.putNull("logprobs");
		choice.put("finish_reason", response.finishReason().openAiValue());
		usage(body.putObject("usage"), response.usage());
		return body;
	}

	/** The first chunk: the assistant's role, as OpenAI streams start. */
	ObjectNode roleChunk(String model) {
		return chunk(model, JSON.createObjectNode().put("role", "assistant").put("content", ""), null);
	}

	/**
	 * A chunk of text and tool-call deltas: a call's first delta carries its id, type and
	 * name, the following ones only their piece of the arguments, keyed by index.
	 * @param chunk the chunk
	 * @param model the model to name
	 * @param started the indexes of the calls whose first delta went out already
	 * @return the chunk
	 */
	ObjectNode chunk(ChatChunk chunk, String model, BitSet started) {
		ObjectNode delta = JSON.createObjectNode();
		if (!chunk.text().isEmpty()) {
			delta.put("content", chunk.text());
		}
		if (!chunk.toolCallFragments().isEmpty()) {
			ArrayNode calls = delta.putArray("tool_calls");
			for (ToolCallFragment fragment : chunk.toolCallFragments()) {
				ObjectNode call = calls.addObject().put("index", fragment.index());
				ObjectNode function;
				if (started.get(fragment.index())) {
					function = call.putObject("function");
				}
				else {
					started.set(fragment.index());
					function = call.put("id", fragment.id()).put("type", "function").putObject("function");
					function.put("name", fragment.name());
				}
				function.put("arguments", fragment.arguments());
			}
		}
		return chunk(model, delta, (chunk.finishReason() != null) ? chunk.finishReason().openAiValue() : null);
	}

	/**
	 * The chunk a stream ends with when the client asked for usage: no choices, the
	 * usage.
	 */
	ObjectNode usageChunk(String model, TokenUsage usage) {
		ObjectNode body = head("chat.completion.chunk", model);
		body.putArray("choices");
		usage(body.putObject("usage"), usage);
		return body;
	}

	private ObjectNode chunk(String model, ObjectNode delta, @Nullable String finishReason) {
		ObjectNode body = head("chat.completion.chunk", model);
		ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
		choice.set("delta", delta);
		choice.putNull("logprobs");
		choice.put("finish_reason", finishReason);
		return body;
	}

	private ObjectNode head(String object, String model) {
		return JSON.createObjectNode()
			.put("id", this.id)
			.put("object", object)
			.put("created", this.created)
			.put("model", model)
			.put("system_fingerprint", "llm-failover");
	}

	private static void usage(ObjectNode usage, TokenUsage tokens) {
		usage.put("prompt_tokens", tokens.inputTokens())
			.put("completion_tokens", tokens.outputTokens())
			.put("total_tokens", tokens.totalTokens());
	}

}
