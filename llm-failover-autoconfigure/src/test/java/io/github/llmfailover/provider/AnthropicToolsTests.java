package io.github.llmfailover.provider;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ContentPart;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.ResponseFormat;
import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.chat.ToolCallFragment;
import io.github.llmfailover.chat.ToolChoice;
import io.github.llmfailover.provider.anthropic.AnthropicProviderClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tools, structured output and images on the Anthropic Messages adapter, over real HTTP,
 * with the traps: input as an object, all results in one user message, ids Anthropic
 * accepts, input_json_delta pieces.
 */
class AnthropicToolsTests extends ProviderHttpTestSupport {

	static final String TOOL_ANSWER = """
			{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5",
			 "content":[{"type":"text","text":"Checking."},
			  {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
			 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":12}}""";

	AnthropicToolsTests() {
		super(AnthropicProviderClient.factory(), "");
	}

	@Test
	void sendsTheToolConversationWithAllResultsInOneUserMessage() throws Exception {
		answer(200, TOOL_ANSWER);
		complete(toolConversation());
		JsonNode body = json(sent());
		assertThat(body.path("system").asString()).isEqualTo("Use tools.");
		JsonNode messages = body.path("messages");
		assertThat(messages).hasSize(3);
		JsonNode assistant = messages.path(1);
		assertThat(assistant.path("role").asString()).isEqualTo("assistant");
		assertThat(assistant.path("content").path(0).path("text").asString()).isEqualTo("Let me look.");
		JsonNode firstCall = assistant.path("content").path(1);
		assertThat(firstCall.path("type").asString()).isEqualTo("tool_use");
		assertThat(firstCall.path("id").asString()).isEqualTo("call_abc");
		assertThat(firstCall.path("input").path("city").asString()).isEqualTo("Paris");
		String secondId = assistant.path("content").path(2).path("id").asString();
		assertThat(secondId).matches("^[a-zA-Z0-9_-]+$").isNotEqualTo("call:rome.2");
		JsonNode results = messages.path(2);
		assertThat(results.path("role").asString()).isEqualTo("user");
		assertThat(results.path("content")).hasSize(3);
		assertThat(results.path("content").path(0).path("type").asString()).isEqualTo("tool_result");
		assertThat(results.path("content").path(0).path("tool_use_id").asString()).isEqualTo("call_abc");
		assertThat(results.path("content").path(1).path("tool_use_id").asString()).isEqualTo(secondId);
		assertThat(results.path("content").path(2).path("text").asString()).isEqualTo("And tomorrow?");
		JsonNode tool = body.path("tools").path(0);
		assertThat(tool.path("name").asString()).isEqualTo("get_weather");
		assertThat(tool.path("input_schema").path("type").asString()).isEqualTo("object");
	}

	@Test
	void aFailedCallsResultIsMarkedIsErrorAndTheOthersAreNot() throws Exception {
		answer(200, TOOL_ANSWER);
		complete(ChatRequest.builder()
			.user("Weather in Paris and Rome?")
			.assistant("",
					List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
							new ToolCall("toolu_2", "get_weather", "{\"city\":\"Rome\"}")))
			.toolResult("toolu_1", "{\"temp\":21}")
			.toolError("toolu_2", "weather service timed out")
			.tools(WEATHER)
			.build());
		JsonNode results = json(sent()).path("messages").path(2).path("content");
		assertThat(results).hasSize(2);
		assertThat(results.path(0).has("is_error")).isFalse();
		assertThat(results.path(1).path("tool_use_id").asString()).isEqualTo("toolu_2");
		assertThat(results.path(1).path("content").asString()).isEqualTo("weather service timed out");
		assertThat(results.path(1).path("is_error").isBoolean()).isTrue();
		assertThat(results.path(1).path("is_error").asBoolean()).isTrue();
	}

	@Test
	void mapsToolChoicesAndParallelCalls() throws Exception {
		String[][] cases = { { "AUTO", "auto" }, { "NONE", "none" }, { "REQUIRED", "any" } };
		for (String[] c : cases) {
			answer(200, TOOL_ANSWER);
			complete(ChatRequest.builder()
				.user("x")
				.tools(WEATHER)
				.toolChoice(new ToolChoice(ToolChoice.Mode.valueOf(c[0]), null))
				.build());
			assertThat(json(sent()).path("tool_choice").path("type").asString()).isEqualTo(c[1]);
		}
		answer(200, TOOL_ANSWER);
		complete(ChatRequest.builder()
			.user("x")
			.tools(WEATHER)
			.toolChoice(ToolChoice.tool("get_weather"))
			.parallelToolCalls(false)
			.build());
		JsonNode choice = json(sent()).path("tool_choice");
		assertThat(choice.path("type").asString()).isEqualTo("tool");
		assertThat(choice.path("name").asString()).isEqualTo("get_weather");
		assertThat(choice.path("disable_parallel_tool_use").asBoolean()).isTrue();
		answer(200, TOOL_ANSWER);
		complete(ChatRequest.builder().user("x").tools(WEATHER).parallelToolCalls(false).build());
		choice = json(sent()).path("tool_choice");
		assertThat(choice.path("type").asString()).isEqualTo("auto");
		assertThat(choice.path("disable_parallel_tool_use").asBoolean()).isTrue();
	}

	@Test
	void sendsStructuredOutputImagesAndOptions() throws Exception {
		answer(200, AnthropicProviderClientTests.MESSAGE.formatted("end_turn"));
		complete(ChatRequest.builder()
			.user(ContentPart.text("What is this?"), ContentPart.imageUrl("data:image/png;base64,iVBORw0KGgo="),
					ContentPart.imageUrl("https://example.com/cat.png"))
			.responseFormat(ResponseFormat.jsonSchema("animal", "{\"type\":\"object\"}", false))
			.stop("END")
			.topP(0.5)
			.endUser("user-7")
			.build());
		JsonNode body = json(sent());
		JsonNode content = body.path("messages").path(0).path("content");
		assertThat(content.path(1).path("source").path("type").asString()).isEqualTo("base64");
		assertThat(content.path(1).path("source").path("media_type").asString()).isEqualTo("image/png");
		assertThat(content.path(1).path("source").path("data").asString()).isEqualTo("iVBORw0KGgo=");
		assertThat(content.path(2).path("source").path("url").asString()).isEqualTo("https://example.com/cat.png");
		JsonNode format = body.path("output_config").path("format");
		assertThat(format.path("type").asString()).isEqualTo("json_schema");
		assertThat(format.path("schema").path("type").asString()).isEqualTo("object");
		assertThat(body.path("stop_sequences").path(0).asString()).isEqualTo("END");
		assertThat(body.path("top_p").asDouble()).isEqualTo(0.5);
		assertThat(body.path("metadata").path("user_id").asString()).isEqualTo("user-7");
	}

	@Test
	void aJsonObjectAnswerGoesThroughAForcedToolAndComesBackAsText() throws Exception {
		answer(200, TOOL_ANSWER.replace("\"name\":\"get_weather\"", "\"name\":\"json_answer\"")
			.replace("{\"type\":\"text\",\"text\":\"Checking.\"},", ""));
		Completion completion = complete(
				ChatRequest.builder().user("x").responseFormat(ResponseFormat.JSON_OBJECT).build());
		JsonNode body = json(sent());
		assertThat(body.path("tool_choice").path("name").asString()).isEqualTo("json_answer");
		assertThat(completion.content()).isEqualTo("{\"city\":\"Paris\"}");
		assertThat(completion.toolCalls()).isEmpty();
		assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
	}

	@Test
	void readsToolUseBlocks() {
		answer(200, TOOL_ANSWER);
		Completion completion = complete(ChatRequest.of("x"));
		assertThat(completion.content()).isEqualTo("Checking.");
		assertThat(completion.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(completion.toolCalls())
			.containsExactly(new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"));
	}

	@Test
	void streamsInputJsonDeltasAsFragmentsIncludingACallWithoutArguments() {
		answerStream("text/event-stream", events("message_start",
				"{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":40,\"output_tokens\":1}}}",
				"content_block_start",
				"{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
				"content_block_delta",
				"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Ok.\"}}",
				"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}", "content_block_start",
				"{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
						+ "\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}",
				"ping", "{\"type\":\"ping\"}", "content_block_delta",
				"{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}",
				"content_block_delta",
				"{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}}",
				"content_block_delta",
				"{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}",
				"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}", "content_block_start",
				"{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\","
						+ "\"id\":\"toolu_2\",\"name\":\"get_time\",\"input\":{}}}",
				"content_block_delta",
				"{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}",
				"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}", "message_delta",
				"{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":30}}",
				"message_stop", "{\"type\":\"message_stop\"}"));
		List<ChatChunk> chunks = stream(ChatRequest.of("x"));
		assertThat(chunks.get(0).text()).isEqualTo("Ok.");
		List<ToolCallFragment> fragments = chunks.stream()
			.flatMap((chunk) -> chunk.toolCallFragments().stream())
			.toList();
		assertThat(fragments).containsExactly(new ToolCallFragment(0, "toolu_1", "get_weather", ""),
				new ToolCallFragment(0, "toolu_1", "get_weather", "{\"city\": "),
				new ToolCallFragment(0, "toolu_1", "get_weather", "\"Paris\"}"),
				new ToolCallFragment(1, "toolu_2", "get_time", ""),
				new ToolCallFragment(1, "toolu_2", "get_time", "{}"));
		ChatChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(last.usage().outputTokens()).isEqualTo(30);
		assertThat(last.toolCalls()).containsExactly(new ToolCall("toolu_1", "get_weather", "{\"city\": \"Paris\"}"),
				new ToolCall("toolu_2", "get_time", "{}"));
	}

	static String events(String... nameAndData) {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < nameAndData.length; i += 2) {
			body.append("event: ").append(nameAndData[i]).append("\ndata: ").append(nameAndData[i + 1]).append("\n\n");
		}
		return body.toString();
	}

}
