package io.github.llmfailover.provider;

import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;

/**
 * A provider's whole answer, before routing adds who served it and how.
 *
 * @param content the generated text
 * @param model the model the provider reported
 * @param finishReason why generation stopped
 * @param usage the tokens counted
 */
public record Completion(String content, String model, FinishReason finishReason, TokenUsage usage) {
}
