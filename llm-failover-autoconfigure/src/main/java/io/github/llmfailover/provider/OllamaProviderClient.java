package io.github.llmfailover.provider;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import reactor.core.publisher.Flux;

/**
 * Ollama's native chat API ({@code POST {base-url}/api/chat}). Ollama streams by default,
 * so {@code stream} is always sent; options go under {@code options}. No authentication
 * unless an API key is configured (for a proxy in front of Ollama).
 */
class OllamaProviderClient extends HttpProviderClient {

	OllamaProviderClient(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		super(settings, webClientBuilder, "/api/chat");
	}

	@Override
	protected ObjectNode requestBody(ChatRequest request, boolean stream) {
		ObjectNode body = newObject().put("model", this.settings.model()).put("stream", stream);
		putMessages(body, request, true);
		Integer maxTokens = maxTokens(request);
		if (maxTokens != null || request.temperature() != null) {
			ObjectNode options = body.putObject("options");
			if (request.temperature() != null) {
				options.put("temperature", request.temperature());
			}
			if (maxTokens != null) {
				options.put("num_predict", maxTokens);
			}
		}
		return body;
	}

	@Override
	protected Completion readCompletion(JsonNode body) {
		String content = requiredText(body.path("message"), "content", "message.content");
		String model = optionalText(body, "model");
		return new Completion(content, (model != null) ? model : this.settings.model(),
				finishReason(optionalText(body, "done_reason")), usage(body, "prompt_eval_count", "eval_count"));
	}

	static FinishReason finishReason(@Nullable String value) {
		return "length".equals(value) ? FinishReason.LENGTH : FinishReason.STOP;
	}

	@Override
	protected @Nullable String errorMessage(JsonNode body) {
		return optionalText(body, "error");
	}

	@Override
	protected @Nullable String errorCode(JsonNode body) {
		return null;
	}

	@Override
	StreamDecoder newStreamDecoder() {
		return new OllamaStreamDecoder(this.settings.name());
	}

	@Override
	protected MediaType streamMediaType() {
		return MediaType.APPLICATION_NDJSON;
	}

	@Override
	protected Flux<StreamFrame> frames(ClientResponse response) {
		// The string decoder splits on new lines, across network reads.
		return response.bodyToFlux(String.class).map((line) -> new StreamFrame(null, line));
	}

}
