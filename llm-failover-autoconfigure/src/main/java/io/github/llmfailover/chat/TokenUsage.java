package io.github.llmfailover.chat;

/**
 * Tokens a provider counted for one request. Zero where the provider did not report a
 * count.
 *
 * @param inputTokens tokens of the prompt
 * @param outputTokens tokens generated
 */
public record TokenUsage(int inputTokens, int outputTokens) {

	/** Usage of a provider that reported no counts. */
	public static final TokenUsage NONE = new TokenUsage(0, 0);

	public int totalTokens() {
		return this.inputTokens + this.outputTokens;
	}

}
