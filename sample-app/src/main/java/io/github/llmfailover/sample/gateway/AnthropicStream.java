package io.github.llmfailover.sample.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.codec.ServerSentEvent;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.chat.ToolCallFragment;
import io.github.llmfailover.sample.chat.StreamResponses.StreamFormat;

/**
 * One streamed answer in Anthropic's Messages events (its signals are serial, so plain
 * fields do): {@code message_start}, then per content block {@code content_block_start},
 * its {@code content_block_delta}s ({@code text_delta} for text, {@code input_json_delta}
 * for a tool call's input) and {@code content_block_stop}, a {@code ping} after the first
 * block starts, and {@code message_delta} with the stop reason and usage, then
 * {@code message_stop}. A break after the first token ends with an {@code error} event,
 * as Anthropic reports errors inside a stream.
 */
final class AnthropicStream implements StreamFormat {

	private final Function<String, String> modelOfProvider;

	private final String id = ResponseIds.next("msg_");

	private boolean started;

	/** The index of the next block, which is also the number of blocks started. */
	private int nextBlock;

	/** The open block's index, or -1. */
	private int openBlock = -1;

	private boolean textOpen;

	/** The block index of each tool call, by the call's index. */
	private final Map<Integer, Integer> toolBlocks = new HashMap<>();

	/**
	 * @param modelOfProvider the model a provider answers with, named in
	 * {@code message_start}
	 */
	AnthropicStream(Function<String, String> modelOfProvider) {
		this.modelOfProvider = modelOfProvider;
	}

	@Override
	public List<ServerSentEvent<?>> events(ChatChunk chunk) {
		List<ServerSentEvent<?>> events = new ArrayList<>(4);
		if (!this.started) {
			this.started = true;
			ObjectNode start = json("message_start");
			start.set("message", MessagesResponses.message(this.id, this.modelOfProvider.apply(chunk.provider())));
			events.add(event(start));
		}
		if (!chunk.text().isEmpty()) {
			if (!this.textOpen) {
				startBlock(MessagesResponses.textBlock(""), events);
				this.textOpen = true;
			}
			ObjectNode delta = delta(this.openBlock);
			delta.putObject("delta").put("type", "text_delta").put("text", chunk.text());
			events.add(event(delta));
		}
		for (ToolCallFragment fragment : chunk.toolCallFragments()) {
			Integer block = this.toolBlocks.get(fragment.index());
			if (block == null) {
				block = startBlock(MessagesResponses.toolUseBlock(fragment.id(), fragment.name(),
						CompletionResponses.JSON.createObjectNode()), events);
				this.toolBlocks.put(fragment.index(), block);
			}
			if (!fragment.arguments().isEmpty()) {
				ObjectNode delta = delta(block);
				delta.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment.arguments());
				events.add(event(delta));
			}
		}
		if (chunk.isLast()) {
			stopBlock(events);
			ObjectNode end = json("message_delta");
			end.putObject("delta")
				.put("stop_reason", MessagesResponses.stopReason(chunk.finishReason()))
				.putNull("stop_sequence");
			end.set("usage", MessagesResponses.usage((chunk.usage() != null) ? chunk.usage() : TokenUsage.NONE));
			events.add(event(end));
			events.add(event(json("message_stop")));
		}
		return events;
	}

	/** Start a block, stopping the open one first; the first is followed by a ping. */
	private int startBlock(ObjectNode contentBlock, List<ServerSentEvent<?>> events) {
		stopBlock(events);
		this.openBlock = this.nextBlock++;
		ObjectNode start = json("content_block_start").put("index", this.openBlock);
		start.set("content_block", contentBlock);
		events.add(event(start));
		if (this.openBlock == 0) {
			events.add(event(json("ping")));
		}
		return this.openBlock;
	}

	private void stopBlock(List<ServerSentEvent<?>> events) {
		if (this.openBlock >= 0) {
			events.add(event(json("content_block_stop").put("index", this.openBlock)));
			this.openBlock = -1;
			this.textOpen = false;
		}
	}

	@Override
	public List<ServerSentEvent<?>> interrupted(Throwable error) {
		return List.of(event(AnthropicErrors.body(OpenAiErrors.describe(error))));
	}

	private static ObjectNode delta(int index) {
		return json("content_block_delta").put("index", index);
	}

	private static ObjectNode json(String type) {
		return CompletionResponses.JSON.createObjectNode().put("type", type);
	}

	private static ServerSentEvent<Object> event(ObjectNode data) {
		return ServerSentEvent.<Object>builder(data.toString()).event(data.path("type").asString()).build();
	}

}
