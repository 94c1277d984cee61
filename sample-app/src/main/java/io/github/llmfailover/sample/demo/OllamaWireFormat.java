package io.github.llmfailover.sample.demo;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;

/**
 * Ollama's native chat API: streams NDJSON unless {@code stream} is false, ends with a
 * {@code done: true} line carrying the counts, and errors as {@code {"error": "..."}}.
 */
final class OllamaWireFormat extends SimulatedWireFormat {

	@Override
	String path() {
		return "/api/chat";
	}

	@Override
	@Nullable Refusal check(HttpHeaders headers, JsonNode request) {
		return request.path("model").isString() ? null : new Refusal(400, error("model is required"));
	}

	/** Ollama streams unless told not to. */
	@Override
	boolean wantsStream(JsonNode request) {
		return request.path("stream").asBoolean(true);
	}

	@Override
	SimulatedTools tools(JsonNode request) {
		List<String> called = new ArrayList<>();
		List<String> results = new ArrayList<>();
		openAiHistory(request, called, results);
		JsonNode format = request.path("format");
		return new SimulatedTools(openAiTools(request), null, false, called, results, format.isObject() ? format : null,
				"json".equals(format.asString("")));
	}

	@Override
	ObjectNode completion(String provider, JsonNode request, SimulatedAnswer answer) {
		ObjectNode done = done(request, answer.text(), answer);
		putCalls((ObjectNode) done.path("message"), answer.calls());
		return done;
	}

	/** Ollama's tool calls: arguments as an object, no id, {@code index} 0 for all. */
	private static void putCalls(ObjectNode message, List<SimulatedAnswer.Call> calls) {
		if (calls.isEmpty()) {
			return;
		}
		var array = message.putArray("tool_calls");
		for (SimulatedAnswer.Call call : calls) {
			array.addObject()
				.putObject("function")
				.put("index", 0)
				.put("name", call.name())
				.set("arguments", call.arguments());
		}
	}

	@Override
	String streamContentType() {
		return "application/x-ndjson";
	}

	@Override
	StreamFrames streamFrames(String provider, JsonNode request, SimulatedAnswer answer) {
		List<String> tokens = new ArrayList<>();
		for (String token : answer.tokens()) {
			ObjectNode line = line(request, token).put("done", false);
			tokens.add(line + "\n");
		}
		for (SimulatedAnswer.Call call : answer.calls()) {
			ObjectNode line = line(request, "").put("done", false);
			putCalls((ObjectNode) line.path("message"), List.of(call));
			tokens.add(line + "\n");
		}
		return new StreamFrames(List.of(), tokens, List.of(done(request, "", answer) + "\n"));
	}

	private ObjectNode done(JsonNode request, String content, SimulatedAnswer answer) {
		return line(request, content).put("done", true)
			.put("done_reason", "stop")
			.put("total_duration", 1_000_000L)
			.put("prompt_eval_count", answer.inputTokens())
			.put("eval_count", answer.outputTokens());
	}

	private ObjectNode line(JsonNode request, String content) {
		ObjectNode line = object().put("model", model(request, "llama3.2"))
			.put("created_at", java.time.Instant.now().toString());
		line.putObject("message").put("role", "assistant").put("content", content);
		return line;
	}

	@Override
	String streamError() {
		return error("an error was encountered while running the model") + "\n";
	}

	@Override
	Refusal refusal(Fault fault) {
		return switch (fault) {
			case SERVER_ERROR -> new Refusal(500, error("llama runner process has terminated: exit status 2"));
			case OVERLOADED ->
				new Refusal(503, error("server busy, please try again. maximum pending requests exceeded"));
			case RATE_LIMITED -> new Refusal(429, error("too many requests"), 10);
			default -> new Refusal(400, error("invalid request: the input length exceeds the context length"));
		};
	}

	private static ObjectNode error(String message) {
		return object().put("error", message);
	}

}
