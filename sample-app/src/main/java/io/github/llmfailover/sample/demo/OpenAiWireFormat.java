package io.github.llmfailover.sample.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;

/**
 * OpenAI Chat Completions: {@code chat.completion} answers, {@code chat.completion.chunk}
 * streams ending in {@code data: [DONE]} (with a usage chunk when asked), and
 * {@code {"error": {message, type, param, code}}} bodies.
 */
final class OpenAiWireFormat extends SimulatedWireFormat {

	@Override
	String path() {
		return "/v1/chat/completions";
	}

	/** A tier-5 budget of gpt-4o-mini: 30,000 requests and 150M tokens a minute. */
	@Override
	SimulatedRateLimit newRateLimit() {
		return new SimulatedRateLimit(30_000, 150_000_000);
	}

	/**
	 * {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}}, the resets as Go
	 * durations ({@code 6m0s}, {@code 1.5s}, {@code 12ms}).
	 */
	@Override
	void rateLimitHeaders(SimulatedRateLimit.Budget budget, BiConsumer<String, String> header) {
		rateLimitHeaders(budget, goDuration(budget.resetInMillis()),
				(field, kind) -> "x-ratelimit-" + field + "-" + kind, header);
	}

	/**
	 * A duration as OpenAI writes it: {@code 12ms} below a second, else minutes and
	 * seconds with up to three decimals ({@code 1m2.5s}, {@code 6m0s}, {@code 59.12s}).
	 */
	static String goDuration(long millis) {
		if (millis < 1000) {
			return millis + "ms";
		}
		String seconds = BigDecimal.valueOf(millis % 60_000, 3).stripTrailingZeros().toPlainString();
		return (millis >= 60_000) ? (millis / 60_000) + "m" + seconds + "s" : seconds + "s";
	}

	@Override
	@Nullable Refusal check(HttpHeaders headers, JsonNode request) {
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return new Refusal(401,
					error("You didn't provide an API key.", "invalid_request_error", null, "invalid_api_key"));
		}
		if (!request.path("messages").isArray() || request.path("messages").isEmpty()) {
			return new Refusal(400,
					error("'messages' is a required property", "invalid_request_error", "messages", null));
		}
		return null;
	}

	@Override
	SimulatedTools tools(JsonNode request) {
		JsonNode choice = request.path("tool_choice");
		String forced = choice.path("function").path("name").asString(null);
		List<SimulatedTools.Offered> offered = openAiTools(request);
		if ("required".equals(choice.asString("")) && !offered.isEmpty()) {
			forced = offered.get(0).name();
		}
		List<String> called = new ArrayList<>();
		List<String> results = new ArrayList<>();
		openAiHistory(request, called, results);
		JsonNode format = request.path("response_format");
		JsonNode schema = format.path("json_schema").path("schema");
		return new SimulatedTools(offered, forced, "none".equals(choice.asString("")), called, results,
				schema.isObject() ? schema : null, "json_object".equals(format.path("type").asString("")));
	}

	@Override
	ObjectNode completion(String provider, JsonNode request, SimulatedAnswer answer) {
		ObjectNode body = head(request, "chat.completion");
		ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
		ObjectNode message = choice.putObject("message").put("role", "assistant");
		if (answer.calls().isEmpty()) {
			message.put("content", answer.text());
		}
		else {
			message.putNull("content");
			var calls = message.putArray("tool_calls");
			for (SimulatedAnswer.Call call : answer.calls()) {
				calls.addObject()
					.put("id", call.id())
					.put("type", "function")
					.putObject("function")
					.put("name", call.name())
					.put("arguments", call.arguments().toString());
			}
		}
		choice.put("finish_reason", answer.calls().isEmpty() ? "stop" : "tool_calls");
		usage(body.putObject("usage"), answer);
		return body;
	}

	@Override
	String streamContentType() {
		return "text/event-stream";
	}

	@Override
	StreamFrames streamFrames(String provider, JsonNode request, SimulatedAnswer answer) {
		List<String> tokens = new ArrayList<>();
		for (String token : answer.tokens()) {
			tokens.add(sse(chunk(request, JSON.createObjectNode().put("content", token), null).toString()));
		}
		for (int i = 0; i < answer.calls().size(); i++) {
			SimulatedAnswer.Call call = answer.calls().get(i);
			// The first piece names the call; the arguments follow in pieces.
			ObjectNode first = JSON.createObjectNode();
			first.putArray("tool_calls")
				.addObject()
				.put("index", i)
				.put("id", call.id())
				.put("type", "function")
				.putObject("function")
				.put("name", call.name())
				.put("arguments", "");
			tokens.add(sse(chunk(request, first, null).toString()));
			for (String piece : call.argumentPieces()) {
				ObjectNode delta = JSON.createObjectNode();
				delta.putArray("tool_calls").addObject().put("index", i).putObject("function").put("arguments", piece);
				tokens.add(sse(chunk(request, delta, null).toString()));
			}
		}
		List<String> closing = new ArrayList<>();
		closing.add(sse(
				chunk(request, JSON.createObjectNode(), answer.calls().isEmpty() ? "stop" : "tool_calls").toString()));
		if (request.path("stream_options").path("include_usage").asBoolean(false)) {
			ObjectNode usage = head(request, "chat.completion.chunk");
			usage.putArray("choices");
			usage(usage.putObject("usage"), answer);
			closing.add(sse(usage.toString()));
		}
		closing.add(sse("[DONE]"));
		ObjectNode role = JSON.createObjectNode().put("role", "assistant").put("content", "");
		return new StreamFrames(List.of(sse(chunk(request, role, null).toString())), tokens, closing);
	}

	private ObjectNode chunk(JsonNode request, ObjectNode delta, @Nullable String finishReason) {
		ObjectNode chunk = head(request, "chat.completion.chunk");
		ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
		choice.set("delta", delta);
		choice.put("finish_reason", finishReason);
		chunk.putNull("usage");
		return chunk;
	}

	private ObjectNode head(JsonNode request, String object) {
		return object().put("id", "chatcmpl-sim" + Long.toHexString(System.nanoTime()))
			.put("object", object)
			.put("created", System.currentTimeMillis() / 1000)
			.put("model", model(request, "gpt-4o-mini"));
	}

	private static void usage(ObjectNode usage, SimulatedAnswer answer) {
		usage.put("prompt_tokens", answer.inputTokens())
			.put("completion_tokens", answer.outputTokens())
			.put("total_tokens", answer.inputTokens() + answer.outputTokens());
	}

	@Override
	String streamError() {
		return sse(
				error("The server had an error while processing your request.", "server_error", null, null).toString());
	}

	@Override
	Refusal refusal(Fault fault) {
		return switch (fault) {
			case SERVER_ERROR ->
				new Refusal(500, error("The server had an error while processing your request. Sorry " + "about that!",
						"server_error", null, null));
			case OVERLOADED -> new Refusal(503,
					error("The engine is currently overloaded, please try again later.", "server_error", null, null));
			case RATE_LIMITED -> new Refusal(429, error("Rate limit reached for requests. Please try again in 10s.",
					"requests", null, "rate_limit_exceeded"), 10);
			default -> new Refusal(400,
					error("This model's maximum context length is 128000 tokens. However, your "
							+ "messages resulted in 210000 tokens (simulated).", "invalid_request_error", "messages",
							"context_length_exceeded"));
		};
	}

	private static ObjectNode error(String message, String type, @Nullable String param, @Nullable String code) {
		ObjectNode body = object();
		body.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
		return body;
	}

}
