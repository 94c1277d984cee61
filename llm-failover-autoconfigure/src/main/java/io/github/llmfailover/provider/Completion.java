package io.github.llmfailover.provider;

import java.util.List;

import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.chat.ToolCall;

/**
 * A provider's whole answer, before routing adds who served it and how.
 *
 * @param content the generated text
 * @param model the model the provider reported
 * @param finishReason why generation stopped
 * @param usage the tokens counted
 * @param toolCalls the tool calls the model made, possibly empty
 */
public record Completion(String content, String model, FinishReason finishReason, TokenUsage usage,
		List<ToolCall> toolCalls) {

	public Completion {
		toolCalls = List.copyOf(toolCalls);
		if (!toolCalls.isEmpty() && finishReason == FinishReason.STOP) {
			// OpenAI answers a forced tool choice with "stop": the calls say more.
			finishReason = FinishReason.TOOL_CALLS;
		}
	}

	/**
	 * A text answer.
	 * @param content the text
	 * @param model the model
	 * @param finishReason why generation stopped
	 * @param usage the tokens counted
	 */
	public Completion(String content, String model, FinishReason finishReason, TokenUsage usage) {
		this(content, model, finishReason, usage, List.of());
	}

}
