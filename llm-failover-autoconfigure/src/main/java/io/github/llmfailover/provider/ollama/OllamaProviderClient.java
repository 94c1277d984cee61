package io.github.llmfailover.provider.ollama;

import java.util.EnumSet;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.provider.FunctionToolCalls;
import io.github.llmfailover.provider.HttpProviderClient;
import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.StreamDecoder;
import io.github.llmfailover.provider.StreamFraming;
import io.github.llmfailover.provider.WireJson;

/**
 * Ollama's native chat API ({@code POST {base-url}/api/chat}). Ollama streams by default,
 * so {@code stream} is always sent; options go under {@code options}. No authentication
 * unless an API key is configured (for a proxy in front of Ollama). Tool calls arrive
 * whole, with {@code arguments} as an object and often without an id (one is generated);
 * see {@link OllamaRequests} for the request side.
 */
public final class OllamaProviderClient extends HttpProviderClient {

	OllamaProviderClient(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		super(settings, webClientBuilder, "/api/chat");
	}

	/**
	 * The factory of Ollama native API clients. By default they take tools, images as
	 * data and JSON schemas; Ollama has no tool choice and does not fetch image URLs.
	 * @return the factory of type {@code ollama}
	 */
	public static ProviderClientFactory factory() {
		return ProviderClientFactory.of("ollama",
				EnumSet.of(Capability.TOOLS, Capability.IMAGES, Capability.JSON_SCHEMA), OllamaProviderClient::new);
	}

	@Override
	protected ObjectNode requestBody(ChatRequest request, boolean stream) {
		ObjectNode body = WireJson.newObject().put("model", this.settings.model()).put("stream", stream);
		OllamaRequests.putMessages(body, request);
		Integer maxTokens = maxTokens(request);
		if (maxTokens != null || request.temperature() != null || request.topP() != null || request.seed() != null
				|| !request.stop().isEmpty()) {
			OllamaRequests.putOptions(body.putObject("options"), request, maxTokens);
		}
		if (!request.capabilities().isEmpty()) {
			OllamaRequests.putToolsAndFormat(body, request);
		}
		return body;
	}

	/**
	 * Ollama cannot be told to make one call at a time: with parallel calls off, the
	 * first call of an answer is kept and the others dropped, as if the model had made
	 * one.
	 */
	@Override
	public Mono<Completion> complete(ChatRequest request) {
		Mono<Completion> answer = super.complete(request);
		return Boolean.FALSE.equals(request.parallelToolCalls()) ? answer.map(SerialToolCalls::firstOnly) : answer;
	}

	@Override
	public Flux<ChatChunk> stream(ChatRequest request) {
		Flux<ChatChunk> chunks = super.stream(request);
		if (!Boolean.FALSE.equals(request.parallelToolCalls())) {
			return chunks;
		}
		return chunks.handle((chunk, sink) -> {
			ChatChunk kept = SerialToolCalls.firstOnly(chunk);
			if (kept != null) {
				sink.next(kept);
			}
		});
	}

	@Override
	protected Completion readCompletion(JsonNode body) {
		JsonNode message = body.path("message");
		String content = WireJson.requiredText(message, "content", "message.content");
		String model = WireJson.optionalText(body, "model");
		return new Completion(content, (model != null) ? model : this.settings.model(),
				finishReason(WireJson.optionalText(body, "done_reason")),
				WireJson.usage(body, "prompt_eval_count", "eval_count"), FunctionToolCalls.read(message));
	}

	static FinishReason finishReason(@Nullable String value) {
		return "length".equals(value) ? FinishReason.LENGTH : FinishReason.STOP;
	}

	@Override
	protected @Nullable String errorMessage(JsonNode body) {
		return WireJson.optionalText(body, "error");
	}

	@Override
	protected @Nullable String errorCode(JsonNode body) {
		return null;
	}

	@Override
	protected StreamDecoder newStreamDecoder() {
		return new OllamaStreamDecoder(this.settings.name());
	}

	@Override
	protected StreamFraming streamFraming() {
		// The string decoder splits on new lines, across network reads.
		return StreamFraming.NDJSON;
	}

}
