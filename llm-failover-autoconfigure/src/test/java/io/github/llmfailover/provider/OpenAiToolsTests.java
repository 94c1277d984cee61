package io.github.llmfailover.provider;

import java.util.List;
import java.util.Map;

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
import io.github.llmfailover.provider.openai.OpenAiProviderClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tools, structured output, images and options on the OpenAI Chat Completions adapter,
 * over real HTTP.
 */
class OpenAiToolsTests extends ProviderHttpTestSupport {

	static final String TOOL_ANSWER = """
			{"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"gpt-4o",
			 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
			  {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
			  {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
			 "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":50,"completion_tokens":20,"total_tokens":70}}""";

	OpenAiToolsTests() {
		super(OpenAiProviderClient.factory(), "/v1");
	}

	@Test
	void sendsToolsChoiceAndTheToolConversation() throws Exception {
		answer(200, TOOL_ANSWER);
		complete(ChatRequest.builder()
			.user("Weather?")
			.tools(WEATHER)
			.toolChoice(ToolChoice.tool("get_weather"))
			.parallelToolCalls(false)
			.build());
		JsonNode body = json(sent());
		JsonNode function = body.path("tools").path(0).path("function");
		assertThat(body.path("tools").path(0).path("type").asString()).isEqualTo("function");
		assertThat(function.path("name").asString()).isEqualTo("get_weather");
		assertThat(function.path("parameters").path("required").path(0).asString()).isEqualTo("city");
		assertThat(function.has("strict")).isFalse();
		assertThat(body.path("tool_choice").path("function").path("name").asString()).isEqualTo("get_weather");
		assertThat(body.path("parallel_tool_calls").asBoolean()).isFalse();

		answer(200, TOOL_ANSWER);
		complete(toolConversation());
		JsonNode messages = json(sent()).path("messages");
		assertThat(messages).hasSize(6);
		JsonNode assistant = messages.path(2);
		assertThat(assistant.path("content").asString()).isEqualTo("Let me look.");
		assertThat(assistant.path("tool_calls").path(0).path("id").asString()).isEqualTo("call_abc");
		assertThat(assistant.path("tool_calls").path(0).path("function").path("arguments").isString()).isTrue();
		String portableId = assistant.path("tool_calls").path(1).path("id").asString();
		assertThat(portableId).matches("[a-zA-Z0-9_-]{1,40}");
		assertThat(messages.path(3).path("role").asString()).isEqualTo("tool");
		assertThat(messages.path(3).path("tool_call_id").asString()).isEqualTo("call_abc");
		assertThat(messages.path(4).path("tool_call_id").asString()).isEqualTo(portableId);
		assertThat(messages.path(5).path("content").asString()).isEqualTo("And tomorrow?");
	}

	@Test
	void sendsStructuredOutputImagesAndOptions() throws Exception {
		answer(200, OpenAiProviderClientTests.COMPLETION.formatted("stop"));
		complete(ChatRequest.builder()
			.user(ContentPart.text("What is this?"), ContentPart.imageUrl("https://example.com/cat.png"),
					ContentPart.imageData("image/png", "iVBORw0KGgo="))
			.responseFormat(ResponseFormat.jsonSchema("animal", "{\"type\":\"object\"}", true))
			.stop("END")
			.topP(0.9)
			.seed(42)
			.endUser("user-7")
			.extraBody("openai", Map.of("reasoning_effort", "low"))
			.extraBody("anthropic", Map.of("thinking", Map.of("type", "enabled")))
			.build());
		JsonNode body = json(sent());
		JsonNode content = body.path("messages").path(0).path("content");
		assertThat(content.path(0).path("type").asString()).isEqualTo("text");
		assertThat(content.path(1).path("image_url").path("url").asString()).isEqualTo("https://example.com/cat.png");
		assertThat(content.path(2).path("image_url").path("url").asString())
			.isEqualTo("data:image/png;base64,iVBORw0KGgo=");
		JsonNode format = body.path("response_format");
		assertThat(format.path("type").asString()).isEqualTo("json_schema");
		assertThat(format.path("json_schema").path("name").asString()).isEqualTo("animal");
		assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
		assertThat(format.path("json_schema").path("schema").path("type").asString()).isEqualTo("object");
		assertThat(body.path("stop").path(0).asString()).isEqualTo("END");
		assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
		assertThat(body.path("seed").asLong()).isEqualTo(42);
		assertThat(body.path("user").asString()).isEqualTo("user-7");
		assertThat(body.path("reasoning_effort").asString()).isEqualTo("low");
		assertThat(body.has("thinking")).isFalse();
	}

	@Test
	void readsToolCalls() {
		answer(200, TOOL_ANSWER);
		Completion completion = complete(ChatRequest.of("Weather?"));
		assertThat(completion.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(completion.content()).isEmpty();
		assertThat(completion.toolCalls()).containsExactly(
				new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
				new ToolCall("call_2", "get_weather", "{\"city\":\"Rome\"}"));
	}

	@Test
	void aForcedToolAnsweredWithStopStillSaysToolCalls() {
		answer(200, TOOL_ANSWER.replace("\"finish_reason\":\"tool_calls\"", "\"finish_reason\":\"stop\""));
		assertThat(complete(ChatRequest.of("Weather?")).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
	}

	@Test
	void streamsToolCallFragmentsKeyedByIndexAndEndsWithTheWholeCalls() {
		answerStream("text/event-stream", sse(
				"{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}",
				"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
						+ "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
				"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]},"
						+ "\"finish_reason\":null}]}",
				"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\","
						+ "\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}",
				"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"Paris\\\"}\"}}]},"
						+ "\"finish_reason\":null}]}",
				"{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}],\"usage\":null}",
				"{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}",
				"[DONE]"));
		List<ChatChunk> chunks = stream(ChatRequest.of("Weather?"));
		List<ToolCallFragment> fragments = chunks.stream()
			.flatMap((chunk) -> chunk.toolCallFragments().stream())
			.toList();
		assertThat(fragments).containsExactly(new ToolCallFragment(0, "call_1", "get_weather", ""),
				new ToolCallFragment(0, "call_1", "get_weather", "{\"ci"),
				new ToolCallFragment(1, "call_2", "get_time", "{}"),
				new ToolCallFragment(0, "call_1", "get_weather", "ty\":\"Paris\"}"));
		ChatChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(last.toolCalls()).containsExactly(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
				new ToolCall("call_2", "get_time", "{}"));
	}

	@Test
	void parallelCallsSentWholeAtOneIndexStayApart() {
		answerStream("text/event-stream", sse(
				"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"t\","
						+ "\"arguments\":\"{}\"}},{\"index\":0,\"id\":\"b\",\"function\":{\"name\":\"t\",\"arguments\":\"{}\"}}]}}]}",
				"{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}", "[DONE]"));
		ChatChunk last = stream(ChatRequest.of("x")).get(1);
		assertThat(last.toolCalls()).extracting(ToolCall::id).containsExactly("a", "b");
	}

	static String sse(String... data) {
		StringBuilder body = new StringBuilder();
		for (String frame : data) {
			body.append("data: ").append(frame).append("\n\n");
		}
		return body.toString();
	}

}
