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
import io.github.llmfailover.provider.ollama.OllamaProviderClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tools, structured output and images on the Ollama adapter, over real HTTP, with its
 * traps: arguments as objects, no ids, index 0 for every parallel call, results naming
 * the tool.
 */
class OllamaToolsTests extends ProviderHttpTestSupport {

	static final String TOOL_ANSWER = """
			{"model":"llama3.2","created_at":"2026-01-01T00:00:00Z",
			 "message":{"role":"assistant","content":"","tool_calls":[
			  {"function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}},
			  {"function":{"index":0,"name":"get_weather","arguments":{"city":"Rome"}}}]},
			 "done":true,"done_reason":"stop","prompt_eval_count":20,"eval_count":10}""";

	OllamaToolsTests() {
		super(OllamaProviderClient.factory(), "");
	}

	@Test
	void sendsTheToolConversationWithObjectArgumentsAndToolNames() throws Exception {
		answer(200, TOOL_ANSWER);
		complete(toolConversation());
		JsonNode body = json(sent());
		JsonNode messages = body.path("messages");
		assertThat(messages).hasSize(6);
		JsonNode call = messages.path(2).path("tool_calls").path(0).path("function");
		assertThat(call.path("name").asString()).isEqualTo("get_weather");
		assertThat(call.path("arguments").path("city").asString()).isEqualTo("Paris");
		assertThat(messages.path(3).path("role").asString()).isEqualTo("tool");
		assertThat(messages.path(3).path("tool_name").asString()).isEqualTo("get_weather");
		assertThat(messages.path(3).path("content").asString()).isEqualTo("{\"temp\":21}");
		assertThat(body.path("tools").path(0).path("function").path("name").asString()).isEqualTo("get_weather");
	}

	@Test
	void toolChoiceNoneLeavesTheToolsOut() throws Exception {
		answer(200, OllamaProviderClientTests.ANSWER.formatted("stop"));
		complete(ChatRequest.builder().user("x").tools(WEATHER).toolChoice(ToolChoice.NONE).build());
		assertThat(json(sent()).has("tools")).isFalse();
	}

	@Test
	void sendsFormatImagesAndOptions() throws Exception {
		answer(200, OllamaProviderClientTests.ANSWER.formatted("stop"));
		complete(ChatRequest.builder()
			.user(ContentPart.text("What is this?"), ContentPart.imageData("image/png", "iVBORw0KGgo="))
			.responseFormat(ResponseFormat.jsonSchema("animal", "{\"type\":\"object\"}", false))
			.stop("END")
			.topP(0.5)
			.seed(7)
			.build());
		JsonNode body = json(sent());
		assertThat(body.path("messages").path(0).path("content").asString()).isEqualTo("What is this?");
		assertThat(body.path("messages").path(0).path("images").path(0).asString()).isEqualTo("iVBORw0KGgo=");
		assertThat(body.path("format").path("type").asString()).isEqualTo("object");
		assertThat(body.path("options").path("stop").path(0).asString()).isEqualTo("END");
		assertThat(body.path("options").path("top_p").asDouble()).isEqualTo(0.5);
		assertThat(body.path("options").path("seed").asInt()).isEqualTo(7);
		answer(200, OllamaProviderClientTests.ANSWER.formatted("stop"));
		complete(ChatRequest.builder().user("x").responseFormat(ResponseFormat.JSON_OBJECT).build());
		assertThat(json(sent()).path("format").asString()).isEqualTo("json");
	}

	@Test
	void readsCallsWithoutIdsAndGivesEachAUniqueOne() {
		answer(200, TOOL_ANSWER);
		Completion completion = complete(ChatRequest.of("x"));
		assertThat(completion.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(completion.toolCalls()).hasSize(2);
		assertThat(completion.toolCalls().get(0).arguments()).isEqualTo("{\"city\":\"Paris\"}");
		assertThat(completion.toolCalls()).extracting(ToolCall::id)
			.doesNotHaveDuplicates()
			.allSatisfy((id) -> assertThat(id).matches("call_[a-zA-Z0-9]{24}"));
	}

	@Test
	void parallelCallsOffKeepsTheFirstCall() {
		answer(200, TOOL_ANSWER);
		Completion completion = complete(
				ChatRequest.builder().user("x").tools(WEATHER).parallelToolCalls(false).build());
		assertThat(completion.toolCalls()).hasSize(1);
		assertThat(completion.toolCalls().get(0).arguments()).contains("Paris");
	}

	@Test
	void streamsWholeCallsAtIndexZeroAsSeparateCalls() {
		answerStream("application/x-ndjson", String.join("\n",
				"{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"index\":0,"
						+ "\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},\"done\":false}",
				"{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"index\":0,"
						+ "\"name\":\"get_weather\",\"arguments\":{\"city\":\"Rome\"}}}]},\"done\":false}",
				"{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
						+ "\"prompt_eval_count\":3,\"eval_count\":4}",
				""));
		List<ChatChunk> chunks = stream(ChatRequest.of("x"));
		List<ToolCallFragment> fragments = chunks.stream()
			.flatMap((chunk) -> chunk.toolCallFragments().stream())
			.toList();
		assertThat(fragments).extracting(ToolCallFragment::index).containsExactly(0, 1);
		assertThat(fragments).extracting(ToolCallFragment::arguments)
			.containsExactly("{\"city\":\"Paris\"}", "{\"city\":\"Rome\"}");
		ChatChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(last.toolCalls()).hasSize(2);
		assertThat(last.toolCalls().get(0).id()).isNotEqualTo(last.toolCalls().get(1).id());
	}

}
