package io.github.llmfailover.provider;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.ResponseFormat;
import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.chat.ToolChoice;
import io.github.llmfailover.provider.anthropic.AnthropicProviderClient;

import static io.github.llmfailover.provider.AnthropicToolsTests.events;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anthropic's two ways to a JSON Schema answer, over real HTTP, whole and streamed: the
 * native {@code output_config.format}, and a forced tool whose input is the answer. In
 * both, the caller reads the JSON as the answer's text.
 */
class AnthropicStructuredOutputTests extends ProviderHttpTestSupport {

	static final String CITY_SCHEMA = """
			{"type":"object","properties":{"city":{"type":"string"},"temp":{"type":"number"}},"required":["city"]}""";

	static final String ANSWER = "{\"city\":\"Paris\",\"temp\":18}";

	static final ChatRequest SCHEMA_REQUEST = ChatRequest.builder()
		.user("Weather in Paris as JSON")
		.responseFormat(ResponseFormat.jsonSchema("weather", CITY_SCHEMA, true))
		.build();

	AnthropicStructuredOutputTests() {
		super(AnthropicProviderClient.factory(), "");
	}

	@Test
	void nativeMethodSendsOutputConfigAndReadsTheTextAsTheAnswer() throws Exception {
		answer(200, message("{\"type\":\"text\",\"text\":" + quoted(ANSWER) + "}", "end_turn"));
		Completion completion = complete(SCHEMA_REQUEST);
		JsonNode body = json(sent());
		JsonNode format = body.path("output_config").path("format");
		assertThat(format.path("type").asString()).isEqualTo("json_schema");
		assertThat(format.path("schema").path("required").path(0).asString()).isEqualTo("city");
		assertThat(body.has("tools")).isFalse();
		assertThat(body.has("tool_choice")).isFalse();
		assertThat(completion.content()).isEqualTo(ANSWER);
		assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
	}

	@Test
	void nativeMethodStreamsTheAnswerAsText() throws Exception {
		answerStream("text/event-stream",
				stream("text", "text_delta", "text", "{\"city\":", "\"Paris\",", "\"temp\":18}", "end_turn"));
		List<ChatChunk> chunks = stream(SCHEMA_REQUEST);
		assertThat(json(sent()).path("output_config").path("format").path("type").asString()).isEqualTo("json_schema");
		assertThat(text(chunks)).isEqualTo(ANSWER);
		assertThat(last(chunks).finishReason()).isEqualTo(FinishReason.STOP);
	}

	@Test
	void toolMethodForcesAnAnswerToolWithTheSchemaAndReadsItsInputAsTheAnswer() throws Exception {
		this.structuredOutput = StructuredOutputMethod.TOOL;
		answer(200,
				message("{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"json_answer\",\"input\":" + ANSWER + "}",
						"tool_use"));
		Completion completion = complete(SCHEMA_REQUEST);
		JsonNode body = json(sent());
		assertThat(body.has("output_config")).isFalse();
		JsonNode tool = body.path("tools").path(0);
		assertThat(body.path("tools")).hasSize(1);
		assertThat(tool.path("name").asString()).isEqualTo("json_answer");
		assertThat(tool.path("input_schema").path("properties").path("temp").path("type").asString())
			.isEqualTo("number");
		assertThat(tool.has("strict")).as("strict tool use needs structured outputs too").isFalse();
		assertThat(body.path("tool_choice").path("type").asString()).isEqualTo("tool");
		assertThat(body.path("tool_choice").path("name").asString()).isEqualTo("json_answer");
		assertThat(completion.content()).isEqualTo(ANSWER);
		assertThat(completion.toolCalls()).isEmpty();
		assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
	}

	@Test
	void toolMethodStreamsTheAnswerToolsInputAsText() throws Exception {
		this.structuredOutput = StructuredOutputMethod.TOOL;
		answerStream("text/event-stream", stream("tool_use\",\"id\":\"toolu_9\",\"name\":\"json_answer\",\"input\":{}",
				"input_json_delta", "partial_json", "", "{\"city\":", "\"Paris\",\"temp\":18}", "tool_use"));
		List<ChatChunk> chunks = stream(SCHEMA_REQUEST);
		assertThat(json(sent()).path("tool_choice").path("name").asString()).isEqualTo("json_answer");
		assertThat(text(chunks)).isEqualTo(ANSWER);
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.toolCallFragments()).isEmpty());
		assertThat(last(chunks).toolCalls()).isEmpty();
		assertThat(last(chunks).finishReason()).isEqualTo(FinishReason.STOP);
	}

	@Test
	void toolMethodLetsAnAgentsTurnStillCallItsOwnTools() throws Exception {
		this.structuredOutput = StructuredOutputMethod.TOOL;
		answer(200, message("{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":"
				+ "{\"city\":\"Paris\"}}", "tool_use"));
		Completion completion = complete(ChatRequest.builder()
			.user("Weather in Paris as JSON")
			.tools(WEATHER)
			.parallelToolCalls(false)
			.responseFormat(ResponseFormat.jsonSchema("weather", CITY_SCHEMA, false))
			.build());
		JsonNode body = json(sent());
		assertThat(body.path("tools")).extracting((node) -> node.path("name").asString())
			.containsExactly("get_weather", "json_answer");
		assertThat(body.path("tool_choice").path("type").asString()).isEqualTo("any");
		assertThat(body.path("tool_choice").path("disable_parallel_tool_use").asBoolean()).isTrue();
		assertThat(completion.toolCalls())
			.containsExactly(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"));
		assertThat(completion.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
	}

	@Test
	void toolMethodStreamsACallOfTheCallersToolBesideTheAnswerTool() throws Exception {
		this.structuredOutput = StructuredOutputMethod.TOOL;
		answerStream("text/event-stream", events("content_block_start",
				"{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
						+ "\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}",
				"content_block_delta",
				"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
						+ "\"partial_json\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}",
				"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}", "message_delta",
				"{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}",
				"message_stop", "{\"type\":\"message_stop\"}"));
		List<ChatChunk> chunks = stream(ChatRequest.builder()
			.user("Weather in Paris as JSON")
			.tools(WEATHER)
			.toolChoice(ToolChoice.AUTO)
			.responseFormat(ResponseFormat.jsonSchema("weather", CITY_SCHEMA, false))
			.build());
		assertThat(json(sent()).path("tool_choice").path("type").asString()).isEqualTo("any");
		assertThat(text(chunks)).isEmpty();
		assertThat(last(chunks).toolCalls())
			.containsExactly(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"));
		assertThat(last(chunks).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
	}

	private static String message(String block, String stopReason) {
		return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\","
				+ "\"content\":[" + block + "],\"stop_reason\":\"" + stopReason
				+ "\",\"usage\":{\"input_tokens\":20,\"output_tokens\":9}}";
	}

	/**
	 * One content block streamed in pieces: its start (the block's type and fields), its
	 * deltas, then the message's end.
	 */
	private static String stream(String blockStart, String deltaType, String deltaField, String... piecesAndStop) {
		StringBuilder body = new StringBuilder(events("message_start",
				"{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":20,\"output_tokens\":1}}}",
				"content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\""
						+ blockStart + ("text".equals(blockStart) ? "\",\"text\":\"\"" : "") + "}}"));
		for (int i = 0; i < piecesAndStop.length - 1; i++) {
			body.append(events("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
					+ "{\"type\":\"" + deltaType + "\",\"" + deltaField + "\":" + quoted(piecesAndStop[i]) + "}}"));
		}
		body.append(
				events("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}", "message_delta",
						"{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
								+ piecesAndStop[piecesAndStop.length - 1] + "\"},\"usage\":{\"output_tokens\":9}}",
						"message_stop", "{\"type\":\"message_stop\"}"));
		return body.toString();
	}

	private static String quoted(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static String text(List<ChatChunk> chunks) {
		return chunks.stream().map(ChatChunk::text).collect(Collectors.joining());
	}

	private static ChatChunk last(List<ChatChunk> chunks) {
		return chunks.get(chunks.size() - 1);
	}

}
