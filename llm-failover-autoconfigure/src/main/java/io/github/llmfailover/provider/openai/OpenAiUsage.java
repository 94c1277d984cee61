package io.github.llmfailover.provider.openai;

import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.TokenUsage;

/**
 * OpenAI's {@code usage}: {@code prompt_tokens} include the
 * {@code prompt_tokens_details.cached_tokens} read from the prompt cache.
 */
final class OpenAiUsage {

	private OpenAiUsage() {
	}

	static TokenUsage of(JsonNode usage) {
		return new TokenUsage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
				usage.path("prompt_tokens_details").path("cached_tokens").asInt(0), 0);
	}

}
