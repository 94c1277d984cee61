package io.github.llmfailover.chat;

import org.jspecify.annotations.Nullable;

/**
 * A piece of a streamed answer.
 *
 * @param provider the name of the provider that is streaming
 * @param text the text of this piece (may be empty on the last chunk)
 * @param finishReason why generation stopped; {@code null} until the last chunk
 * @param usage the tokens counted; {@code null} until the last chunk
 */
public record ChatChunk(String provider, String text, @Nullable FinishReason finishReason, @Nullable TokenUsage usage) {

	/**
	 * Whether this chunk ends the stream.
	 * @return {@code true} for the last chunk
	 */
	public boolean isLast() {
		return this.finishReason != null;
	}

}
