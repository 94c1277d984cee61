package io.github.llmfailover.sample.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatChunk;

/**
 * One event of {@code POST /chat/stream}.
 *
 * @param text the text of this piece
 * @param provider the provider streaming it
 * @param finishReason on the last event: why generation stopped
 * @param usage on the last event: the tokens counted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StreamChunk(String text, String provider, @Nullable String finishReason, ChatAnswer.@Nullable Usage usage) {

	static StreamChunk of(ChatChunk chunk) {
		return new StreamChunk(chunk.text(), chunk.provider(),
				(chunk.finishReason() != null) ? chunk.finishReason().openAiValue() : null,
				(chunk.usage() != null) ? ChatAnswer.Usage.of(chunk.usage()) : null);
	}

}
