package io.github.llmfailover.chat;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link ChatRequest}.
 *
 * @param content the generated text
 * @param provider the name of the provider that served it
 * @param model the model that generated it, as the provider reported it
 * @param finishReason why generation stopped
 * @param usage the tokens counted
 * @param attempts every attempt made for this request, the successful one last
 * @param cost what the answer cost, or {@code null} when unknown (no price configured for
 * the provider that served it)
 */
public record ChatResponse(String content, String provider, String model, FinishReason finishReason, TokenUsage usage,
		List<Attempt> attempts, @Nullable Cost cost) {

	public ChatResponse {
		attempts = List.copyOf(attempts);
	}

	/**
	 * An answer of unknown cost.
	 * @param content the generated text
	 * @param provider the name of the provider that served it
	 * @param model the model that generated it
	 * @param finishReason why generation stopped
	 * @param usage the tokens counted
	 * @param attempts every attempt made for this request, the successful one last
	 */
	public ChatResponse(String content, String provider, String model, FinishReason finishReason, TokenUsage usage,
			List<Attempt> attempts) {
		this(content, provider, model, finishReason, usage, attempts, null);
	}

}
