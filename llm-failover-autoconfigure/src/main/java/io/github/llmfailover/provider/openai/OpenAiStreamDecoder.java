package io.github.llmfailover.provider.openai;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.chat.ToolCallFragment;
import io.github.llmfailover.provider.FunctionToolCalls;
import io.github.llmfailover.provider.StreamDecoder;
import io.github.llmfailover.provider.WireJson;

/**
 * OpenAI {@code chat.completion.chunk} events: text in {@code choices[0].delta.content},
 * tool calls in {@code delta.tool_calls} pieces keyed by {@code index} (id and name
 * usually only in a call's first piece, the arguments spread over the rest), the finish
 * reason on the last choice chunk, the usage on a chunk without choices just before
 * {@code data: [DONE]}, and an {@code error} key for an error after the 200.
 */
final class OpenAiStreamDecoder extends StreamDecoder {

	private @Nullable FinishReason finishReason;

	private TokenUsage usage = TokenUsage.NONE;

	OpenAiStreamDecoder(String provider) {
		super(provider);
	}

	@Override
	protected void decodeFrame(@Nullable String event, String data, SynchronousSink<ChatChunk> sink) {
		if ("[DONE]".equals(data.strip())) {
			finish("", (this.finishReason != null) ? this.finishReason : FinishReason.STOP, this.usage, sink);
			return;
		}
		JsonNode chunk = json(data);
		JsonNode error = chunk.path("error");
		if (!error.isMissingNode() && !error.isNull()) {
			String message = error.isString() ? error.stringValue() : WireJson.optionalText(error, "message");
			error((message != null) ? message : "unknown error", WireJson.optionalText(error, "code"), sink);
			return;
		}
		if (chunk.path("usage").isObject()) {
			this.usage = OpenAiUsage.of(chunk.path("usage"));
		}
		JsonNode choice = chunk.path("choices").path(0);
		String reason = WireJson.optionalText(choice, "finish_reason");
		if (reason != null) {
			this.finishReason = OpenAiProviderClient.finishReason(reason);
		}
		JsonNode delta = choice.path("delta");
		String text = WireJson.optionalText(delta, "content");
		JsonNode calls = delta.path("tool_calls");
		if (calls.isArray() && !calls.isEmpty()) {
			content(text, fragments(calls), sink);
		}
		else {
			text(text, sink);
		}
	}

	private List<ToolCallFragment> fragments(JsonNode calls) {
		List<ToolCallFragment> fragments = new ArrayList<>(calls.size());
		for (int i = 0; i < calls.size(); i++) {
			JsonNode call = calls.get(i);
			JsonNode function = call.path("function");
			JsonNode arguments = function.path("arguments");
			fragments.add(toolCalls().add(call.path("index").asInt(i), WireJson.optionalText(call, "id"),
					WireJson.optionalText(function, "name"),
					arguments.isMissingNode() || arguments.isNull() ? null : FunctionToolCalls.arguments(function)));
		}
		return fragments;
	}

	@Override
	protected @Nullable ChatChunk lastChunkWithoutEndMarker() {
		return (this.finishReason != null) ? lastChunk("", this.finishReason, this.usage) : null;
	}

}
