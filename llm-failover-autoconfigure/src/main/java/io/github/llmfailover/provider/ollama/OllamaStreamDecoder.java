package io.github.llmfailover.provider.ollama;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.chat.ToolCallFragment;
import io.github.llmfailover.provider.FunctionToolCalls;
import io.github.llmfailover.provider.StreamDecoder;
import io.github.llmfailover.provider.WireJson;

/**
 * Ollama NDJSON lines: text in {@code message.content} while {@code done} is false, tool
 * calls whole in {@code message.tool_calls} (parallel ones may all say {@code index: 0},
 * so each gets the next index here), then a last line with {@code done: true}, the reason
 * and the token counts; a line with {@code error} is an error after the 200.
 */
final class OllamaStreamDecoder extends StreamDecoder {

	OllamaStreamDecoder(String provider) {
		super(provider);
	}

	@Override
	protected void decodeFrame(@Nullable String event, String line, SynchronousSink<ChatChunk> sink) {
		JsonNode node = json(line);
		String error = WireJson.optionalText(node, "error");
		if (error != null) {
			error(error, null, sink);
			return;
		}
		JsonNode message = node.path("message");
		String content = WireJson.optionalText(message, "content");
		List<ToolCallFragment> fragments = fragments(message.path("tool_calls"));
		if (node.path("done").asBoolean(false)) {
			TokenUsage usage = WireJson.usage(node, "prompt_eval_count", "eval_count");
			finish((content != null) ? content : "", fragments,
					OllamaProviderClient.finishReason(WireJson.optionalText(node, "done_reason")), usage, sink);
		}
		else {
			content(content, fragments, sink);
		}
	}

	private List<ToolCallFragment> fragments(JsonNode calls) {
		if (!calls.isArray() || calls.isEmpty()) {
			return List.of();
		}
		List<ToolCallFragment> fragments = new ArrayList<>(calls.size());
		for (JsonNode call : calls) {
			JsonNode function = call.path("function");
			fragments.add(toolCalls().addWhole(WireJson.optionalText(call, "id"),
					WireJson.optionalText(function, "name"), FunctionToolCalls.arguments(function)));
		}
		return fragments;
	}

}
