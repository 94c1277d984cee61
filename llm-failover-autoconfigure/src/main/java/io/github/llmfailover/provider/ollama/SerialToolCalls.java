package io.github.llmfailover.provider.ollama;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.chat.ToolCallFragment;
import io.github.llmfailover.provider.Completion;

/**
 * Parallel tool calls switched off on a provider that cannot switch them off: only the
 * first call of an answer goes through.
 */
final class SerialToolCalls {

	private SerialToolCalls() {
	}

	static Completion firstOnly(Completion completion) {
		if (completion.toolCalls().size() <= 1) {
			return completion;
		}
		return new Completion(completion.content(), completion.model(), completion.finishReason(), completion.usage(),
				completion.toolCalls().subList(0, 1));
	}

	static @Nullable ChatChunk firstOnly(ChatChunk chunk) {
		if (chunk.toolCallFragments().isEmpty() && chunk.toolCalls().size() <= 1) {
			return chunk;
		}
		List<ToolCallFragment> fragments = chunk.toolCallFragments()
			.stream()
			.filter((fragment) -> fragment.index() == 0)
			.toList();
		if (fragments.isEmpty() && chunk.text().isEmpty() && !chunk.isLast()) {
			return null;
		}
		List<ToolCall> calls = chunk.toolCalls().isEmpty() ? List.of() : chunk.toolCalls().subList(0, 1);
		return new ChatChunk(chunk.provider(), chunk.text(), chunk.finishReason(), chunk.usage(), chunk.cost(),
				fragments, calls);
	}

}
