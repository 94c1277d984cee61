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

	private int inputTokens;

	private int outputTokens;

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
			case "message_stop" ->
				finish("", this.finishReason, new TokenUsage(this.inputTokens, this.outputTokens), sink);
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

	/** Counts are cumulative: keep the largest seen. */
	private void countTokens(JsonNode usage) {
		this.inputTokens = Math.max(this.inputTokens, usage.path("input_tokens").asInt(0));
		this.outputTokens = Math.max(this.outputTokens, usage.path("output_tokens").asInt(0));
	}

}
