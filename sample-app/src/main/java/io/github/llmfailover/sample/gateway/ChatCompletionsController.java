package io.github.llmfailover.sample.gateway;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.github.llmfailover.sample.chat.StreamResponses;

/**
 * An OpenAI-compatible gateway: {@code POST /v1/chat/completions} (whole and streamed)
 * and {@code GET /v1/models}, answered through the failover client, so that any OpenAI
 * SDK gets failover by pointing its base URL here. Every answer names the provider in
 * {@code X-Provider}.
 */
@RestController
class ChatCompletionsController {

	static final String PROVIDER_HEADER = StreamResponses.PROVIDER_HEADER;

	private final ModelRoutes routes;

	private final StreamResponses streams;

	ChatCompletionsController(ModelRoutes routes, StreamResponses streams) {
		this.routes = routes;
		this.streams = streams;
	}

	@PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<?>> completions(
			@RequestHeader(name = HedgeHeader.NAME, required = false) @Nullable String hedge,
			@RequestBody(required = false) byte @Nullable [] body, ServerWebExchange exchange) {
		return Mono.fromCallable(() -> CompletionRequest.parse(body, HedgeHeader.parse(hedge)))
			.flatMap((request) -> request.stream() ? stream(request, exchange) : complete(request));
	}

	private Mono<ResponseEntity<?>> complete(CompletionRequest request) {
		// Written as bytes, not a String: for a long answer, one copy fewer.
		return this.routes.clientFor(request.model())
			.chat(request.request())
			.map((response) -> ResponseEntity.ok()
				.header(PROVIDER_HEADER, response.provider())
				.contentType(MediaType.APPLICATION_JSON)
				.body(CompletionResponses.JSON.writeValueAsBytes(new CompletionResponses().completion(response))));
	}

	private Mono<ResponseEntity<?>> stream(CompletionRequest request, ServerWebExchange exchange) {
		return this.streams.respond(this.routes.clientFor(request.model()).stream(request.request()),
				new OpenAiStream(request, this.routes::modelOf), exchange);
	}

	@GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
	String models() {
		var body = CompletionResponses.JSON.createObjectNode().put("object", "list");
		var data = body.putArray("data");
		this.routes.models()
			.forEach((model) -> data.addObject()
				.put("id", model)
				.put("object", "model")
				.put("created", 0)
				.put("owned_by", "llm-failover"));
		return body.toString();
	}

}
