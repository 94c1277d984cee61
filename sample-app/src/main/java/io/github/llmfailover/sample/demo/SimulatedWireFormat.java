package io.github.llmfailover.sample.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;

/**
 * One provider's wire format as a simulator speaks it: where requests go, how answers,
 * streams and errors look. The simulator decides when to answer and how to fail; the
 * format decides the bytes.
 */
abstract class SimulatedWireFormat {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The chat endpoint's path.
	 */
	abstract String path();

	/**
	 * Why the request is refused before it is answered (bad credentials, missing fields),
	 * as this format says it, or {@code null} when it is acceptable.
	 * @param headers the request headers
	 * @param request the request body
	 * @return the refusal, or {@code null}
	 */
	abstract @Nullable Refusal check(HttpHeaders headers, JsonNode request);

	/**
	 * Whether the request asks for a stream: only when it says so, unless a format
	 * differs.
	 */
	boolean wantsStream(JsonNode request) {
		return request.path("stream").asBoolean(false);
	}

	/** The whole answer. */
	abstract ObjectNode completion(String provider, JsonNode request, SimulatedAnswer answer);

	abstract String streamContentType();

	/**
	 * The frames of a streamed answer, in their wire framing: those before the first
	 * token, one a token, and those that end the stream.
	 */
	abstract StreamFrames streamFrames(String provider, JsonNode request, SimulatedAnswer answer);

	/**
	 * An error reported inside a stream whose status was 200, in its wire framing.
	 * @return the frame
	 */
	abstract String streamError();

	/**
	 * The answer of a fault that refuses the request.
	 * @param fault the fault
	 * @return the status and body
	 */
	abstract Refusal refusal(Fault fault);

	/**
	 * What the request asks beyond text: tools, tool choice, earlier calls and results,
	 * structured output.
	 * @param request the request body
	 * @return what it asks
	 */
	abstract SimulatedTools tools(JsonNode request);

	/**
	 * A fresh rate limit for a provider of this format to announce, or {@code null} when
	 * the format sends no rate-limit headers (Ollama).
	 * @return the rate limit
	 */
	@Nullable SimulatedRateLimit newRateLimit() {
		return null;
	}

	/**
	 * Put what is left of the rate limit on an answer, in this format's headers.
	 * @param budget what is left
	 * @param header adds one header
	 */
	void rateLimitHeaders(SimulatedRateLimit.Budget budget, BiConsumer<String, String> header) {
	}

	/**
	 * The six rate-limit headers both OpenAI and Anthropic send, under a format's names.
	 * @param budget what is left
	 * @param reset the reset, as the format writes it
	 * @param name the header's name of a field ({@code limit}, {@code remaining},
	 * {@code reset}) of a budget ({@code requests}, {@code tokens})
	 * @param header adds one header
	 */
	static void rateLimitHeaders(SimulatedRateLimit.Budget budget, String reset, BinaryOperator<String> name,
			BiConsumer<String, String> header) {
		header.accept(name.apply("limit", "requests"), Long.toString(budget.requestLimit()));
		header.accept(name.apply("remaining", "requests"), Long.toString(budget.requestsRemaining()));
		header.accept(name.apply("reset", "requests"), reset);
		header.accept(name.apply("limit", "tokens"), Long.toString(budget.tokenLimit()));
		header.accept(name.apply("remaining", "tokens"), Long.toString(budget.tokensRemaining()));
		header.accept(name.apply("reset", "tokens"), reset);
	}

	/**
	 * The tools of a request in OpenAI's shape, which Ollama shares.
	 */
	static List<SimulatedTools.Offered> openAiTools(JsonNode request) {
		List<SimulatedTools.Offered> offered = new ArrayList<>();
		for (JsonNode tool : request.path("tools")) {
			JsonNode function = tool.path("function");
			offered.add(new SimulatedTools.Offered(function.path("name").asString(""), function.path("parameters")));
		}
		return offered;
	}

	/**
	 * The calls and results of a conversation in OpenAI's shape ({@code tool_calls} on
	 * assistant messages, {@code role: tool} results), which Ollama shares.
	 */
	static void openAiHistory(JsonNode request, List<String> called, List<String> results) {
		for (JsonNode message : request.path("messages")) {
			for (JsonNode call : message.path("tool_calls")) {
				called.add(call.path("function").path("name").asString(""));
			}
			if ("tool".equals(message.path("role").asString(""))) {
				results.add(message.path("content").asString(""));
			}
		}
	}

	/** The text of the last user message. */
	String promptOf(JsonNode request) {
		JsonNode messages = request.path("messages");
		for (int i = messages.size() - 1; i >= 0; i--) {
			if ("user".equals(messages.path(i).path("role").asString(""))) {
				return messages.path(i).path("content").asString("");
			}
		}
		return "";
	}

	String model(JsonNode request, String fallback) {
		return request.path("model").asString(fallback);
	}

	static ObjectNode object() {
		return JSON.createObjectNode();
	}

	static String sse(String data) {
		return "data: " + data + "\n\n";
	}

	static String sse(String event, String data) {
		return "event: " + event + "\ndata: " + data + "\n\n";
	}

	/**
	 * An error answer.
	 *
	 * @param status the HTTP status
	 * @param body the error body
	 * @param retryAfterSeconds the {@code Retry-After} to send, or 0
	 */
	record Refusal(int status, ObjectNode body, int retryAfterSeconds) {

		Refusal(int status, ObjectNode body) {
			this(status, body, 0);
		}

	}

	/**
	 * A stream, frame by frame.
	 *
	 * @param opening frames before the first token
	 * @param tokens one frame a token
	 * @param closing frames after the last token
	 */
	record StreamFrames(List<String> opening, List<String> tokens, List<String> closing) {
	}

}
