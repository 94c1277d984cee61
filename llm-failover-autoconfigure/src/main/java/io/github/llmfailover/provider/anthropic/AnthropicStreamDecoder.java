package io.github.llmfailover.provider.anthropic;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.provider.StreamDecoder;
import io.github.llmfailover.provider.WireJson;

/**
 * Anthropic Messages events: input tokens in {@code message_start}, text in
 * {@code content_block_delta} text deltas, a tool call as a {@code tool_use}
 * {@code content_block_start} (id and name) then {@code input_json_delta} pieces (the
 * first may be {@code ""}; a call without arguments streams only {@code ""}, and gets
 * {@code "{}"} at its {@code content_block_stop}), the stop reason and cumulative output
 * tokens in {@code message_delta}, the end in {@code message_stop}, and {@code error}
 * events after the 200. {@code ping} and unknown events are ignored, as Anthropic asks.
 */
final class AnthropicStreamDecoder extends StreamDecoder {

	private TokenUsage usage = TokenUsage.NONE;

	private FinishReason finishReason = FinishReason.STOP;

	/** The content block index of the tool call being streamed, or -1. */
	private int toolBlock = -1;

	private boolean toolArguments;

	/** The content block index of a JSON answer given as a tool's input, or -1. */
	private int jsonAnswerBlock = -1;

	private boolean callerToolCalls;

	AnthropicStreamDecoder(String provider) {
		super(provider);
	}

	@Override
	protected void decodeFrame(@Nullable String event, String data, SynchronousSink<ChatChunk> sink) {
		JsonNode node = json(data);
		String type = (event != null) ? event : WireJson.optionalText(node, "type");
		switch ((type != null) ? type : "") {
			case "message_start" -> countTokens(node.path("message").path("usage"));
			case "content_block_start" -> startBlock(node, sink);
			case "content_block_delta" -> delta(node, sink);
			case "content_block_stop" -> stopBlock(node, sink);
			case "message_delta" -> {
				String reason = WireJson.optionalText(node.path("delta"), "stop_reason");
				if (reason != null) {
					this.finishReason = AnthropicProviderClient.finishReason(reason);
				}
				countTokens(node.path("usage"));
			}
			case "message_stop" -> finish("",
					(this.jsonAnswerBlock >= 0 && !this.callerToolCalls && this.finishReason == FinishReason.TOOL_CALLS)
							? FinishReason.STOP : this.finishReason,
					this.usage, sink);
			case "error" -> {
				JsonNode error = node.path("error");
				String message = WireJson.optionalText(error, "message");
				error((message != null) ? message : "unknown error", WireJson.optionalText(error, "type"), sink);
			}
			default -> {
				// ping and event types added later
			}
		}
	}

	private void startBlock(JsonNode node, SynchronousSink<ChatChunk> sink) {
		JsonNode block = node.path("content_block");
		if (!"tool_use".equals(WireJson.optionalText(block, "type"))) {
			return;
		}
		String name = WireJson.optionalText(block, "name");
		if (AnthropicRequests.JSON_ANSWER_TOOL.equals(name)) {
			// A JSON answer given through a tool: its input streams as text.
			this.jsonAnswerBlock = node.path("index").asInt(0);
			return;
		}
		this.callerToolCalls = true;
		this.toolBlock = node.path("index").asInt(0);
		this.toolArguments = false;
		content(null, List.of(toolCalls().add(this.toolBlock, WireJson.optionalText(block, "id"), name, null)), sink);
	}

	private void delta(JsonNode node, SynchronousSink<ChatChunk> sink) {
		JsonNode delta = node.path("delta");
		String deltaType = WireJson.optionalText(delta, "type");
		if ("text_delta".equals(deltaType)) {
			text(WireJson.optionalText(delta, "text"), sink);
		}
		else if ("input_json_delta".equals(deltaType)) {
			String piece = WireJson.optionalText(delta, "partial_json");
			if (piece == null || piece.isEmpty()) {
				return;
			}
			if (this.jsonAnswerBlock >= 0 && node.path("index").asInt(-1) == this.jsonAnswerBlock) {
				text(piece, sink);
				return;
			}
			this.toolArguments = true;
			content(null, List.of(toolCalls().add(node.path("index").asInt(this.toolBlock), null, null, piece)), sink);
		}
	}

	private void stopBlock(JsonNode node, SynchronousSink<ChatChunk> sink) {
		int index = node.path("index").asInt(-1);
		if (index == this.toolBlock) {
			if (!this.toolArguments) {
				content(null, List.of(toolCalls().add(index, null, null, "{}")), sink);
			}
			this.toolBlock = -1;
		}
	}

	/**
	 * Counts are cumulative, and message_delta may leave out what message_start said:
	 * keep the largest seen of each.
	 */
	private void countTokens(JsonNode usage) {
		TokenUsage seen = AnthropicUsage.of(usage);
		TokenUsage known = this.usage;
		this.usage = new TokenUsage(Math.max(known.inputTokens(), seen.inputTokens()),
				Math.max(known.outputTokens(), seen.outputTokens()),
				Math.max(known.cachedInputTokens(), seen.cachedInputTokens()),
				Math.max(known.cacheWriteInputTokens(), seen.cacheWriteInputTokens()));
	}

}
