package io.github.llmfailover.sample.gateway;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

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
 * Anthropic's Messages API: {@code POST /v1/messages} (whole and streamed) answered
 * through the failover client by providers of any type, so that Anthropic's SDKs and the
 * tools built on them get failover by pointing their base URL here; and
 * {@code GET /v1/models} in Anthropic's list shape for them (they send
 * {@code anthropic-version}). Every answer names the provider in {@code X-Provider}.
 */
@RestController
class MessagesController {

	/** The header every Anthropic request carries. */
	static final String VERSION_HEADER = "anthropic-version";

	/**
	 * A version is a date. New ones come with every SDK release (2023-06-01 for years,
	 * then newer): any is accepted and answered the same way, in the shape every version
	 * understands.
	 */
	private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	private final ModelRoutes routes;

	private final StreamResponses streams;

	MessagesController(ModelRoutes routes, StreamResponses streams) {
		this.routes = routes;
		this.streams = streams;
	}

	@PostMapping(path = "/v1/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<?>> messages(@RequestHeader(name = VERSION_HEADER, required = false) @Nullable String version,
			@RequestHeader(name = HedgeHeader.NAME, required = false) @Nullable String hedge,
			@RequestBody(required = false) byte @Nullable [] body, ServerWebExchange exchange) {
		return Mono.fromCallable(() -> {
			checkVersion(version);
			return MessagesRequest.parse(body, HedgeHeader.parse(hedge));
		}).flatMap((request) -> request.stream() ? stream(request, exchange) : complete(request));
	}

	private Mono<ResponseEntity<?>> complete(MessagesRequest request) {
		return this.routes.clientFor(request.model())
			.chat(request.request())
			.map((response) -> ResponseEntity.ok()
				.header(StreamResponses.PROVIDER_HEADER, response.provider())
				.contentType(MediaType.APPLICATION_JSON)
				.body(CompletionResponses.JSON.writeValueAsBytes(MessagesResponses.message(response))));
	}

	private Mono<ResponseEntity<?>> stream(MessagesRequest request, ServerWebExchange exchange) {
		return this.streams.respond(this.routes.clientFor(request.model()).stream(request.request()),
				new AnthropicStream(this.routes::modelOf), exchange);
	}

	/**
	 * The models in Anthropic's list shape, for clients that send
	 * {@code anthropic-version}; others get OpenAI's from
	 * {@link ChatCompletionsController}.
	 * @return the list
	 */
	@GetMapping(path = "/v1/models", headers = VERSION_HEADER, produces = MediaType.APPLICATION_JSON_VALUE)
	String models() {
		ObjectNode body = CompletionResponses.JSON.createObjectNode();
		var data = body.putArray("data");
		this.routes.models()
			.forEach((model) -> data.addObject()
				.put("type", "model")
				.put("id", model)
				.put("display_name", model)
				.put("created_at", "1970-01-01T00:00:00Z"));
		body.put("has_more", false);
		body.put("first_id", data.isEmpty() ? null : data.get(0).path("id").asString());
		body.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).path("id").asString());
		return body.toString();
	}

	private static void checkVersion(@Nullable String version) {
		if (version == null || version.isBlank()) {
			throw new GatewayRequestException(VERSION_HEADER, VERSION_HEADER + ": header is required");
		}
		if (!VERSION.matcher(version.strip()).matches()) {
			throw new GatewayRequestException(VERSION_HEADER,
					VERSION_HEADER + ": must be a date such as 2023-06-01, was '" + version + "'");
		}
	}

}
