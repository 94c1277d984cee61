package io.github.llmfailover.sample.gateway;

import java.util.BitSet;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;
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

	/**
	 * Marks where the text goes in the template of a text chunk; written escaped, it
	 * cannot be confused with the model's name before it.
	 */
	private static final String TEXT_MARK = "\u0000";

	private static final String QUOTED_TEXT_MARK = "\"content\":\"\\u0000\"";

	private static final String CONTENT = "\"content\":\"";

	private final String id = ResponseIds.next("chatcmpl-");

	private final long created = System.currentTimeMillis() / 1000;

	private @Nullable TextChunk textChunk;

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

	/**
	 * The first chunk: the assistant's role, as OpenAI streams start; the text chunk's
	 * template with the role before the empty content.
	 * @param model the model to name, the same for every chunk of the answer
	 * @return the chunk's JSON
	 */
	String roleChunk(String model) {
		TextChunk template = textChunk(model);
		return template.start().substring(0, template.start().length() - CONTENT.length()) + "\"role\":\"assistant\","
				+ CONTENT + template.end();
	}

	/**
	 * A chunk of text alone, most chunks of a stream: the JSON {@link #chunk} writes,
	 * written as the text, quoted, between the two halves of that chunk (built once per
	 * answer) rather than as a tree built and serialized for every token.
	 * @param model the model to name, the same for every chunk of the answer
	 * @param text the text
	 * @return the chunk's JSON
	 */
	String textChunk(String model, String text) {
		TextChunk template = textChunk(model);
		StringBuilder json = new StringBuilder(template.start().length() + text.length() + template.end().length() + 16)
			.append(template.start());
		JsonStringEncoder.getInstance().quoteAsString(text, json);
		return json.append(template.end()).toString();
	}

	private TextChunk textChunk(String model) {
		TextChunk template = this.textChunk;
		if (template == null) {
			String json = chunk(model, JSON.createObjectNode().put("content", TEXT_MARK), null).toString();
			int mark = json.lastIndexOf(QUOTED_TEXT_MARK);
			template = new TextChunk(json.substring(0, mark) + CONTENT,
					json.substring(mark + QUOTED_TEXT_MARK.length() - 1));
			this.textChunk = template;
		}
		return template;
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

	/**
	 * A text chunk's JSON around its text: up to {@code "content":"} included, and from
	 * the quote that ends the text.
	 */
	private record TextChunk(String start, String end) {
	}

}
