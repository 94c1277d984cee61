package io.github.llmfailover.chat;

import java.util.Locale;

/**
 * Why a provider stopped generating, normalized across providers.
 */
public enum FinishReason {

	/**
	 * The answer is complete (OpenAI {@code stop}, Anthropic {@code end_turn} /
	 * {@code stop_sequence}).
	 */
	STOP,

	/**
	 * The token limit was reached (OpenAI and Ollama {@code length}, Anthropic
	 * {@code max_tokens}).
	 */
	LENGTH,

	/** The model asked to call a tool. */
	TOOL_CALLS,

	/**
	 * The provider withheld content (OpenAI {@code content_filter}, Anthropic
	 * {@code refusal}).
	 */
	CONTENT_FILTER,

	/** Any other reason the provider gave. */
	OTHER;

	/**
	 * The OpenAI Chat Completions value of this reason.
	 * @return the lower-case wire value
	 */
	public String openAiValue() {
		return (this == OTHER) ? "stop" : name().toLowerCase(Locale.ROOT);
	}

}
