package io.github.llmfailover.chat;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link ChatRequest}.
 *
 * @param content the generated text, empty when the model only called tools
 * @param provider the name of the provider that served it
 * @param model the model that generated it, as the provider reported it
 * @param finishReason why generation stopped; {@link FinishReason#TOOL_CALLS} whenever
 * the answer has tool calls
 * @param usage the tokens counted
 * @param attempts every attempt made for this request, the successful one last
 * @param cost what the answer cost, or {@code null} when unknown (no price configured for
 * the provider that served it)
 * @param toolCalls the tools the model asked to call, in order, possibly empty
 */
public record ChatResponse(String content, String provider, String model, FinishReason finishReason, TokenUsage usage,
		List<Attempt> attempts, @Nullable Cost cost, List<ToolCall> toolCalls) {

	public ChatResponse {
		attempts = List.copyOf(attempts);
		toolCalls = List.copyOf(toolCalls);
	}

	/**
	 * An answer without tool calls.
	 * @param content the generated text
	 * @param provider the name of the provider that served it
	 * @param model the model that generated it
	 * @param finishReason why generation stopped
	 * @param usage the tokens counted
	 * @param attempts every attempt made for this request, the successful one last
	 * @param cost what the answer cost, or {@code null} when unknown
	 */
	public ChatResponse(String content, String provider, String model, FinishReason finishReason, TokenUsage usage,
			List<Attempt> attempts, @Nullable Cost cost) {
		this(content, provider, model, finishReason, usage, attempts, cost, List.of());
	}

	/**
	 * An answer of unknown cost, without tool calls.
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

	/**
	 * Whether the model asked to call tools.
	 * @return {@code true} when {@link #toolCalls()} is not empty
	 */
	public boolean hasToolCalls() {
		return !this.toolCalls.isEmpty();
	}

}
