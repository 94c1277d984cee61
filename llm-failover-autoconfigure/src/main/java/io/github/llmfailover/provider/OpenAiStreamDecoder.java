package io.github.llmfailover.provider;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import reactor.core.publisher.SynchronousSink;

/**
 * OpenAI {@code chat.completion.chunk} events: text in {@code choices[0].delta.content},
 * the finish reason on the last choice chunk, the usage on a chunk without choices just
 * before {@code data: [DONE]}, and an {@code error} key for an error after the 200.
 */
final class OpenAiStreamDecoder extends StreamDecoder {

	private @Nullable FinishReason finishReason;

	private TokenUsage usage = TokenUsage.NONE;

	OpenAiStreamDecoder(String provider) {
		super(provider);
	}

	@Override
	void decodeFrame(@Nullable String event, String data, SynchronousSink<ChatChunk> sink) {
		if ("[DONE]".equals(data.strip())) {
			finish("", (this.finishReason != null) ? this.finishReason : FinishReason.STOP, this.usage, sink);
			return;
		}
		JsonNode chunk = json(data);
		JsonNode error = chunk.path("error");
		if (!error.isMissingNode() && !error.isNull()) {
			String message = error.isString() ? error.stringValue() : HttpProviderClient.optionalText(error, "message");
			error((message != null) ? message : "unknown error", HttpProviderClient.optionalText(error, "code"), sink);
			return;
		}
		if (chunk.path("usage").isObject()) {
			this.usage = HttpProviderClient.openAiUsage(chunk.path("usage"));
		}
		JsonNode choice = chunk.path("choices").path(0);
		String reason = HttpProviderClient.optionalText(choice, "finish_reason");
		if (reason != null) {
			this.finishReason = OpenAiProviderClient.finishReason(reason);
		}
		text(HttpProviderClient.optionalText(choice.path("delta"), "content"), sink);
	}

	@Override
	@Nullable ChatChunk lastChunkWithoutEndMarker() {
		return (this.finishReason != null) ? new ChatChunk(provider(), "", this.finishReason, this.usage) : null;
	}

}
