package io.github.llmfailover.chat;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A piece of a streamed answer.
 *
 * <p>
 * Tool calls stream as {@link ToolCallFragment fragments} while they are generated (each
 * naming its call's index, id and tool), and the last chunk carries the whole calls in
 * {@link #toolCalls()}: relay the fragments, act on the whole calls.
 *
 * @param provider the name of the provider that is streaming
 * @param text the text of this piece (may be empty on the last chunk)
 * @param finishReason why generation stopped; {@code null} until the last chunk
 * @param usage the tokens counted; {@code null} until the last chunk
 * @param cost what the whole stream cost; {@code null} until the last chunk, and on it
 * when unknown (no price configured for the provider)
 * @param toolCallFragments pieces of tool calls in this chunk, possibly empty
 * @param toolCalls the whole tool calls of the answer, on the last chunk only, else empty
 */
public record ChatChunk(String provider, String text, @Nullable FinishReason finishReason, @Nullable TokenUsage usage,
		@Nullable Cost cost, List<ToolCallFragment> toolCallFragments, List<ToolCall> toolCalls) {

	public ChatChunk {
		toolCallFragments = List.copyOf(toolCallFragments);
		toolCalls = List.copyOf(toolCalls);
	}

	/**
	 * A chunk of text.
	 * @param provider the name of the provider that is streaming
	 * @param text the text of this piece
	 * @param finishReason why generation stopped; {@code null} until the last chunk
	 * @param usage the tokens counted; {@code null} until the last chunk
	 */
	public ChatChunk(String provider, String text, @Nullable FinishReason finishReason, @Nullable TokenUsage usage) {
		this(provider, text, finishReason, usage, null, List.of(), List.of());
	}

	/**
	 * A chunk of text with the stream's cost.
	 * @param provider the name of the provider that is streaming
	 * @param text the text of this piece
	 * @param finishReason why generation stopped; {@code null} until the last chunk
	 * @param usage the tokens counted; {@code null} until the last chunk
	 * @param cost what the whole stream cost, or {@code null}
	 */
	public ChatChunk(String provider, String text, @Nullable FinishReason finishReason, @Nullable TokenUsage usage,
			@Nullable Cost cost) {
		this(provider, text, finishReason, usage, cost, List.of(), List.of());
	}

	/**
	 * Whether this chunk ends the stream.
	 * @return {@code true} for the last chunk
	 */
	public boolean isLast() {
		return this.finishReason != null;
	}

	/**
	 * Whether this chunk holds content: text or a piece of a tool call.
	 * @return {@code true} when the caller gets something from it
	 */
	public boolean hasContent() {
		return !this.text.isEmpty() || !this.toolCallFragments.isEmpty();
	}

	/**
	 * This chunk with the stream's cost.
	 * @param cost the cost, or {@code null} when unknown
	 * @return a copy carrying the cost
	 */
	public ChatChunk withCost(@Nullable Cost cost) {
		return new ChatChunk(this.provider, this.text, this.finishReason, this.usage, cost, this.toolCallFragments,
				this.toolCalls);
	}

}
