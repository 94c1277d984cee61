package io.github.llmfailover.sample.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refusals in the caller's own error shape, written before any controller runs:
 * Anthropic's {@code {"type": "error", "error": {...}}} on {@code /v1/messages}, OpenAI's
 * {@code {"error": {...}}} on the rest of {@code /v1/**}, so that the SDKs raise their
 * usual exceptions, and RFC 9457 problem details elsewhere.
 */
final class CallerErrors {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CallerErrors() {
	}

	/** No key, where one is needed. */
	static Mono<Void> missingKey(ServerWebExchange exchange) {
		return unauthorized(exchange, "missing_api_key", anthropic(exchange)
				? "Missing API key: send it in the header 'x-api-key: <key>' (or 'Authorization: Bearer <key>')."
				: "Missing API key: send it in the header 'Authorization: Bearer <key>'.");
	}

	/** A key that matches no configured key: the same for an unknown and a wrong one. */
	static Mono<Void> invalidKey(ServerWebExchange exchange) {
		return unauthorized(exchange, "invalid_api_key", "Invalid API key.");
	}

	private static Mono<Void> unauthorized(ServerWebExchange exchange, String code, String message) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"llm-failover\"");
		return write(exchange, new Refusal(HttpStatus.UNAUTHORIZED, "invalid_request_error", "authentication_error",
				code, null, message));
	}

	/** A key sent in the query string, where access logs and proxies keep it. */
	static Mono<Void> keyInQuery(ServerWebExchange exchange, String parameter) {
		return write(exchange,
				new Refusal(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request_error",
						"api_key_in_query", parameter,
						"Send the API key in the header 'Authorization: Bearer <key>', not in the query string"
								+ " (parameter '" + parameter
								+ "'): URLs end up in logs. Use a new key: this one is exposed."));
	}

	/** A key over its requests-per-minute limit. */
	static Mono<Void> overLimit(ServerWebExchange exchange, String key, int perMinute, Duration retryAfter) {
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return write(exchange,
				new Refusal(HttpStatus.TOO_MANY_REQUESTS, "requests", "rate_limit_error", "rate_limit_exceeded", null,
						"Rate limit reached for key '" + key + "': " + perMinute + " requests per minute. Retry after "
								+ seconds + " s."));
	}

	private static Mono<Void> write(ServerWebExchange exchange, Refusal refusal) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(refusal.status());
		boolean api = exchange.getRequest().getPath().value().startsWith("/v1/");
		response.getHeaders().setContentType(api ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON);
		Object body = anthropic(exchange) ? anthropicError(refusal)
				: api ? openAiError(refusal) : problem(refusal, exchange);
		byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
	}

	/** Whether the caller speaks Anthropic's Messages API. */
	private static boolean anthropic(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().value();
		return path.equals("/v1/messages") || path.startsWith("/v1/messages/");
	}

	private static ObjectNode anthropicError(Refusal refusal) {
		ObjectNode body = JSON.createObjectNode().put("type", "error");
		body.putObject("error").put("type", refusal.anthropicType()).put("message", refusal.message());
		return body;
	}

	private static ObjectNode openAiError(Refusal refusal) {
		ObjectNode body = JSON.createObjectNode();
		body.putObject("error")
			.put("message", refusal.message())
			.put("type", refusal.type())
			.put("param", refusal.param())
			.put("code", refusal.code());
		return body;
	}

	private static ObjectNode problem(Refusal refusal, ServerWebExchange exchange) {
		return JSON.createObjectNode()
			.put("type", "about:blank")
			.put("title", refusal.status().getReasonPhrase())
			.put("status", refusal.status().value())
			.put("detail", refusal.message())
			.put("instance", exchange.getRequest().getPath().value())
			.put("code", refusal.code());
	}

	/**
	 * A refusal.
	 *
	 * @param status the HTTP status
	 * @param type OpenAI's error type
	 * @param anthropicType Anthropic's error type
	 * @param code a machine-readable code (OpenAI's shape and problem details)
	 * @param param the request parameter at fault
	 * @param message what is wrong
	 */
	private record Refusal(HttpStatus status, String type, String anthropicType, String code, @Nullable String param,
			String message) {
	}

}
