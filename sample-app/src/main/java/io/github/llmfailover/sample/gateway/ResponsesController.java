package io.github.llmfailover.sample.gateway;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.github.llmfailover.sample.chat.StreamResponses;

/**
 * OpenAI's Responses API: {@code POST /v1/responses} (whole and streamed) answered
 * through the failover client by providers of any type, so that clients that speak it
 * (OpenAI's newer SDK examples, agent frameworks, Vercel's AI SDK) get failover by
 * pointing their base URL here. Stateless: every request carries its whole conversation.
 * Every answer names the provider in {@code X-Provider}; errors are OpenAI's
 * ({@link OpenAiErrors}).
 */
@RestController
class ResponsesController {

	private final ModelRoutes routes;

	private final StreamResponses streams;

	ResponsesController(ModelRoutes routes, StreamResponses streams) {
		this.routes = routes;
		this.streams = streams;
	}

	@PostMapping(path = "/v1/responses", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<?>> responses(@RequestHeader(name = HedgeHeader.NAME, required = false) @Nullable String hedge,
			@RequestBody(required = false) byte @Nullable [] body, ServerWebExchange exchange) {
		return Mono.fromCallable(() -> ResponsesRequest.parse(body, HedgeHeader.parse(hedge)))
			.flatMap((request) -> request.stream() ? stream(request, exchange) : respond(request));
	}

	private Mono<ResponseEntity<?>> respond(ResponsesRequest request) {
		return this.routes.clientFor(request.model())
			.chat(request.request())
			.map((response) -> ResponseEntity.ok()
				.header(StreamResponses.PROVIDER_HEADER, response.provider())
				.contentType(MediaType.APPLICATION_JSON)
				.body(CompletionResponses.JSON.writeValueAsBytes(new ResponsesBodies(request).response(response))));
	}

	private Mono<ResponseEntity<?>> stream(ResponsesRequest request, ServerWebExchange exchange) {
		return this.streams.respond(this.routes.clientFor(request.model()).stream(request.request()),
				new ResponsesStream(new ResponsesBodies(request), this.routes::modelOf), exchange);
	}

}
