package io.github.llmfailover.chat;

import org.jspecify.annotations.Nullable;

/**
 * A piece of a streamed answer.
 *
 * @param provider the name of the provider that is streaming
 * @param text the text of this piece (may be empty on the last chunk)
 * @param finishReason why generation stopped; {@code null} until the last chunk
 * @param usage the tokens counted; {@code null} until the last chunk
 * @param cost what the whole stream cost; {@code null} until the last chunk, and on it
 * when unknown (no price configured for the provider)
 */
public record ChatChunk(String provider, String text, @Nullable FinishReason finishReason, @Nullable TokenUsage usage,
		@Nullable Cost cost) {

	/**
	 * A chunk without a cost.
	 * @param provider the name of the provider that is streaming
	 * @param text the text of this piece
	 * @param finishReason why generation stopped; {@code null} until the last chunk
	 * @param usage the tokens counted; {@code null} until the last chunk
	 */
	public ChatChunk(String provider, String text, @Nullable FinishReason finishReason, @Nullable TokenUsage usage) {
		this(provider, text, finishReason, usage, null);
	}

	/**
	 * Whether this chunk ends the stream.
	 * @return {@code true} for the last chunk
	 */
	public boolean isLast() {
		return this.finishReason != null;
	}

	/**
	 * This chunk with the stream's cost.
	 * @param cost the cost, or {@code null} when unknown
	 * @return a copy carrying the cost
	 */
	public ChatChunk withCost(@Nullable Cost cost) {
		return new ChatChunk(this.provider, this.text, this.finishReason, this.usage, cost);
	}

}
