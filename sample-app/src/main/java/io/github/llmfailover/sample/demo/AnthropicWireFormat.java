package io.github.llmfailover.sample.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;

/**
 * Anthropic Messages: {@code x-api-key} and {@code anthropic-version} required,
 * {@code max_tokens} required, {@code message} answers, named SSE events with pings, and
 * {@code {"type": "error", "error": {type, message}}} bodies (529 when overloaded).
 */
final class AnthropicWireFormat extends SimulatedWireFormat {

	@Override
	String path() {
		return "/v1/messages";
	}

	/** A custom-tier budget: 20,000 requests and 10M tokens a minute. */
	@Override
	SimulatedRateLimit newRateLimit() {
		return new SimulatedRateLimit(20_000, 10_000_000);
	}

	/**
	 * {@code anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}}, the resets
	 * as RFC 3339 times.
	 */
	@Override
	void rateLimitHeaders(SimulatedRateLimit.Budget budget, BiConsumer<String, String> header) {
		rateLimitHeaders(budget,
				Instant.ofEpochMilli(budget.resetAtMillis()).truncatedTo(ChronoUnit.SECONDS).toString(),
				(field, kind) -> "anthropic-ratelimit-" + kind + "-" + field, header);
	}

	@Override
	@Nullable Refusal check(HttpHeaders headers, JsonNode request) {
		if (headers.getFirst("x-api-key") == null) {
			return new Refusal(401, error("authentication_error", "x-api-key header is required"));
		}
		if (headers.getFirst("anthropic-version") == null) {
			return new Refusal(400, error("invalid_request_error", "anthropic-version: header is required"));
		}
		if (!request.path("max_tokens").canConvertToInt()) {
			return new Refusal(400, error("invalid_request_error", "max_tokens: Field required"));
		}
		return null;
	}

	@Override
	SimulatedTools tools(JsonNode request) {
		List<SimulatedTools.Offered> offered = new ArrayList<>();
		for (JsonNode tool : request.path("tools")) {
			offered.add(new SimulatedTools.Offered(tool.path("name").asString(""), tool.path("input_schema")));
		}
		JsonNode choice = request.path("tool_choice");
		String type = choice.path("type").asString("auto");
		String forced = "tool".equals(type) ? choice.path("name").asString(null)
				: ("any".equals(type) && !offered.isEmpty()) ? offered.get(0).name() : null;
		List<String> called = new ArrayList<>();
		List<String> results = new ArrayList<>();
		for (JsonNode message : request.path("messages")) {
			for (JsonNode block : message.path("content")) {
				switch (block.path("type").asString("")) {
					case "tool_use" -> called.add(block.path("name").asString(""));
					case "tool_result" -> results.add(block.path("content").asString(block.path("content").toString()));
					default -> {
					}
				}
			}
		}
		JsonNode schema = request.path("output_config").path("format").path("schema");
		return new SimulatedTools(offered, forced, "none".equals(type), called, results,
				schema.isObject() ? schema : null, false);
	}

	/**
	 * The text of the last user message with text (tool results come as user messages).
	 */
	@Override
	String promptOf(JsonNode request) {
		JsonNode messages = request.path("messages");
		for (int i = messages.size() - 1; i >= 0; i--) {
			JsonNode message = messages.path(i);
			if (!"user".equals(message.path("role").asString(""))) {
				continue;
			}
			if (message.path("content").isString()) {
				return message.path("content").asString();
			}
			for (JsonNode block : message.path("content")) {
				if ("text".equals(block.path("type").asString(""))) {
					return block.path("text").asString("");
				}
			}
		}
		return "";
	}

	@Override
	ObjectNode completion(String provider, JsonNode request, SimulatedAnswer answer) {
		ObjectNode body = message(request);
		var content = body.putArray("content");
		if (answer.calls().isEmpty()) {
			content.addObject().put("type", "text").put("text", answer.text());
		}
		for (SimulatedAnswer.Call call : answer.calls()) {
			content.addObject()
				.put("type", "tool_use")
				.put("id", "toolu_" + call.id().substring(5))
				.put("name", call.name())
				.set("input", call.arguments());
		}
		body.put("stop_reason", answer.calls().isEmpty() ? "end_turn" : "tool_use").putNull("stop_sequence");
		body.putObject("usage").put("input_tokens", answer.inputTokens()).put("output_tokens", answer.outputTokens());
		return body;
	}

	@Override
	String streamContentType() {
		return "text/event-stream";
	}

	@Override
	StreamFrames streamFrames(String provider, JsonNode request, SimulatedAnswer answer) {
		ObjectNode start = object().put("type", "message_start");
		ObjectNode message = message(request);
		message.putArray("content");
		message.putNull("stop_reason").putNull("stop_sequence");
		message.putObject("usage").put("input_tokens", answer.inputTokens()).put("output_tokens", 1);
		start.set("message", message);
		if (!answer.calls().isEmpty()) {
			return toolStream(start, answer);
		}
		ObjectNode blockStart = object().put("type", "content_block_start").put("index", 0);
		blockStart.putObject("content_block").put("type", "text").put("text", "");
		List<String> tokens = new ArrayList<>();
		for (String token : answer.tokens()) {
			ObjectNode delta = object().put("type", "content_block_delta").put("index", 0);
			delta.putObject("delta").put("type", "text_delta").put("text", token);
			tokens.add(sse("content_block_delta", delta.toString()));
			if (tokens.size() == 1) {
				tokens.add(sse("ping", "{\"type\": \"ping\"}"));
			}
		}
		ObjectNode messageDelta = object().put("type", "message_delta");
		messageDelta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
		messageDelta.putObject("usage").put("output_tokens", answer.outputTokens());
		return new StreamFrames(
				List.of(sse("message_start", start.toString()), sse("content_block_start", blockStart.toString())),
				tokens,
				List.of(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
						sse("message_delta", messageDelta.toString()),
						sse("message_stop", "{\"type\":\"message_stop\"}")));
	}

	/**
	 * A stream of tool calls: per call a {@code tool_use} block start, an empty
	 * {@code input_json_delta} then the arguments in pieces, and the block's stop.
	 */
	private StreamFrames toolStream(ObjectNode start, SimulatedAnswer answer) {
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < answer.calls().size(); i++) {
			SimulatedAnswer.Call call = answer.calls().get(i);
			ObjectNode blockStart = object().put("type", "content_block_start").put("index", i);
			ObjectNode block = blockStart.putObject("content_block")
				.put("type", "tool_use")
				.put("id", "toolu_" + call.id().substring(5))
				.put("name", call.name());
			block.putObject("input");
			tokens.add(sse("content_block_start", blockStart.toString()));
			List<String> pieces = new ArrayList<>(call.argumentPieces());
			pieces.add(0, "");
			for (String piece : pieces) {
				ObjectNode delta = object().put("type", "content_block_delta").put("index", i);
				delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
				tokens.add(sse("content_block_delta", delta.toString()));
			}
			tokens.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + i + "}"));
		}
		ObjectNode messageDelta = object().put("type", "message_delta");
		messageDelta.putObject("delta").put("stop_reason", "tool_use").putNull("stop_sequence");
		messageDelta.putObject("usage").put("output_tokens", answer.outputTokens());
		return new StreamFrames(List.of(sse("message_start", start.toString())), tokens, List
			.of(sse("message_delta", messageDelta.toString()), sse("message_stop", "{\"type\":\"message_stop\"}")));
	}

	private ObjectNode message(JsonNode request) {
		return object().put("id", "msg_sim" + Long.toHexString(System.nanoTime()))
			.put("type", "message")
			.put("role", "assistant")
			.put("model", model(request, "claude-haiku-4-5"));
	}

	@Override
	String streamError() {
		return sse("error", error("overloaded_error", "Overloaded").toString());
	}

	@Override
	Refusal refusal(Fault fault) {
		return switch (fault) {
			case SERVER_ERROR -> new Refusal(500, error("api_error", "Internal server error"));
			case OVERLOADED -> new Refusal(529, error("overloaded_error", "Overloaded"));
			case RATE_LIMITED -> new Refusal(429, error("rate_limit_error",
					"This request would exceed the rate limit for your organization of 50 requests per minute."), 10);
			default -> new Refusal(400,
					error("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum (simulated)"));
		};
	}

	private static ObjectNode error(String type, String message) {
		ObjectNode body = object().put("type", "error");
		body.putObject("error").put("type", type).put("message", message);
		return body.put("request_id", "req_sim" + Long.toHexString(System.nanoTime()));
	}

}
