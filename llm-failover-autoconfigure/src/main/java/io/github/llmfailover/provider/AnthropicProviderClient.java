package io.github.llmfailover.provider;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;

/**
 * Anthropic Messages ({@code POST {base-url}/v1/messages}): {@code x-api-key} and
 * {@code anthropic-version} headers, the system prompt at the top level, and a
 * {@code max_tokens} on every request.
 */
class AnthropicProviderClient extends HttpProviderClient {

	static final String API_VERSION = "2023-06-01";

	/**
	 * Anthropic requires a limit; this one applies when neither request nor provider sets
	 * one.
	 */
	static final int DEFAULT_MAX_TOKENS = 1024;

	AnthropicProviderClient(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		super(settings, webClientBuilder, "/v1/messages");
	}

	@Override
	protected void authenticate(HttpHeaders headers) {
		if (this.settings.apiKey() != null) {
			headers.set("x-api-key", this.settings.apiKey());
		}
		headers.set("anthropic-version", API_VERSION);
	}

	@Override
	protected ObjectNode requestBody(ChatRequest request, boolean stream) {
		Integer maxTokens = maxTokens(request);
		ObjectNode body = newObject().put("model", this.settings.model())
			.put("max_tokens", (maxTokens != null) ? maxTokens : DEFAULT_MAX_TOKENS);
		String system = request.systemPrompt();
		if (system != null) {
			body.put("system", system);
		}
		putMessages(body, request, false);
		if (request.temperature() != null) {
			body.put("temperature", request.temperature());
		}
		if (stream) {
			body.put("stream", true);
		}
		return body;
	}

	@Override
	protected Completion readCompletion(JsonNode body) {
		JsonNode content = body.path("content");
		if (!content.isArray()) {
			throw new IllegalStateException("no 'content' array in the answer");
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode block : content) {
			if ("text".equals(optionalText(block, "type"))) {
				text.append(block.path("text").asString(""));
			}
		}
		String model = optionalText(body, "model");
		return new Completion(text.toString(), (model != null) ? model : this.settings.model(),
				finishReason(optionalText(body, "stop_reason")), anthropicUsage(body.path("usage")));
	}

	static FinishReason finishReason(@Nullable String value) {
		if (value == null) {
			return FinishReason.STOP;
		}
		return switch (value) {
			case "end_turn", "stop_sequence" -> FinishReason.STOP;
			case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
			case "tool_use" -> FinishReason.TOOL_CALLS;
			case "refusal" -> FinishReason.CONTENT_FILTER;
			default -> FinishReason.OTHER;
		};
	}

	@Override
	protected @Nullable String errorMessage(JsonNode body) {
		return optionalText(body.path("error"), "message");
	}

	@Override
	protected @Nullable String errorCode(JsonNode body) {
		return optionalText(body.path("error"), "type");
	}

	@Override
	StreamDecoder newStreamDecoder() {
		return new AnthropicStreamDecoder(this.settings.name());
	}

}
