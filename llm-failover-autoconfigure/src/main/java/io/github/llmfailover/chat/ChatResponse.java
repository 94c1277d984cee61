package io.github.llmfailover.chat;

import java.util.List;

/**
 * The answer to a {@link ChatRequest}.
 *
 * @param content the generated text
 * @param provider the name of the provider that served it
 * @param model the model that generated it, as the provider reported it
 * @param finishReason why generation stopped
 * @param usage the tokens counted
 * @param attempts every attempt made for this request, the successful one last
 */
public record ChatResponse(String content, String provider, String model, FinishReason finishReason, TokenUsage usage,
		List<Attempt> attempts) {

	public ChatResponse {
		attempts = List.copyOf(attempts);
	}

}
