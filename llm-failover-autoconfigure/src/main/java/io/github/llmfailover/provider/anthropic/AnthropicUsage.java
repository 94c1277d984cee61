package io.github.llmfailover.provider.anthropic;

import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.TokenUsage;

/**
 * Anthropic's {@code usage}: {@code input_tokens} leave out the prompt cache's reads
 * ({@code cache_read_input_tokens}) and writes ({@code cache_creation_input_tokens}),
 * which are added here so that the input counts every prompt token.
 */
final class AnthropicUsage {

	private AnthropicUsage() {
	}

	static TokenUsage of(JsonNode usage) {
		int cacheRead = usage.path("cache_read_input_tokens").asInt(0);
		int cacheWrite = usage.path("cache_creation_input_tokens").asInt(0);
		return new TokenUsage(usage.path("input_tokens").asInt(0) + cacheRead + cacheWrite,
				usage.path("output_tokens").asInt(0), cacheRead, cacheWrite);
	}

}
