package io.github.llmfailover.provider;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import reactor.core.publisher.SynchronousSink;

/**
 * Anthropic Messages events: input tokens in {@code message_start}, text in
 * {@code content_block_delta} text deltas, the stop reason and cumulative output tokens
 * in {@code message_delta}, the end in {@code message_stop}, and {@code error} events
 * after the 200. {@code ping} and unknown events are ignored, as Anthropic asks.
 */
final class AnthropicStreamDecoder extends StreamDecoder {

	private TokenUsage usage = TokenUsage.NONE;

	private FinishReason finishReason = FinishReason.STOP;

	AnthropicStreamDecoder(String provider) {
		super(provider);
	}

	@Override
	void decodeFrame(@Nullable String event, String data, SynchronousSink<ChatChunk> sink) {
		JsonNode node = json(data);
		String type = (event != null) ? event : HttpProviderClient.optionalText(node, "type");
		switch ((type != null) ? type : "") {
			case "message_start" -> countTokens(node.path("message").path("usage"));
			case "content_block_delta" -> {
				JsonNode delta = node.path("delta");
				if ("text_delta".equals(HttpProviderClient.optionalText(delta, "type"))) {
					text(HttpProviderClient.optionalText(delta, "text"), sink);
				}
			}
			case "message_delta" -> {
				String reason = HttpProviderClient.optionalText(node.path("delta"), "stop_reason");
				if (reason != null) {
					this.finishReason = AnthropicProviderClient.finishReason(reason);
				}
				countTokens(node.path("usage"));
			}
			case "message_stop" -> finish("", this.finishReason, this.usage, sink);
			case "error" -> {
				JsonNode error = node.path("error");
				String message = HttpProviderClient.optionalText(error, "message");
				error((message != null) ? message : "unknown error", HttpProviderClient.optionalText(error, "type"),
						sink);
			}
			default -> {
				// ping, content_block_start, content_block_stop and event types added
				// later
			}
		}
	}

	/**
	 * Counts are cumulative, and message_delta may leave out what message_start said:
	 * keep the largest seen of each.
	 */
	private void countTokens(JsonNode usage) {
		TokenUsage seen = HttpProviderClient.anthropicUsage(usage);
		TokenUsage known = this.usage;
		this.usage = new TokenUsage(Math.max(known.inputTokens(), seen.inputTokens()),
				Math.max(known.outputTokens(), seen.outputTokens()),
				Math.max(known.cachedInputTokens(), seen.cachedInputTokens()),
				Math.max(known.cacheWriteInputTokens(), seen.cacheWriteInputTokens()));
	}

}
