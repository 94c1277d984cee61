package io.github.llmfailover.chat;

/**
 * Tokens a provider counted for one request. Zero where the provider did not report a
 * count.
 *
 * @param inputTokens tokens of the prompt, all of them: those read from or written to the
 * provider's prompt cache included
 * @param outputTokens tokens generated
 * @param cachedInputTokens the part of the input read from the provider's prompt cache
 * (OpenAI {@code cached_tokens}, Anthropic {@code cache_read_input_tokens})
 * @param cacheWriteInputTokens the part of the input written to the provider's prompt
 * cache (Anthropic {@code cache_creation_input_tokens})
 */
public record TokenUsage(int inputTokens, int outputTokens, int cachedInputTokens, int cacheWriteInputTokens) {

	/** Usage of a provider that reported no counts. */
	public static final TokenUsage NONE = new TokenUsage(0, 0);

	/**
	 * Usage of a provider that reported no prompt cache figures.
	 * @param inputTokens tokens of the prompt
	 * @param outputTokens tokens generated
	 */
	public TokenUsage(int inputTokens, int outputTokens) {
		this(inputTokens, outputTokens, 0, 0);
	}

	public int totalTokens() {
		return this.inputTokens + this.outputTokens;
	}

}
