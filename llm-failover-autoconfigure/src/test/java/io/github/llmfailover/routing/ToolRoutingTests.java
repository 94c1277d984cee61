package io.github.llmfailover.routing;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.StreamInterruptedException;
import io.github.llmfailover.chat.Tool;
import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.chat.ToolChoice;
import io.github.llmfailover.chat.UnsupportedRequestException;
import io.github.llmfailover.provider.ollama.OllamaProviderClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tool calling through failover, over real HTTP: a conversation whose tool call one
 * provider made goes on at another of another format; routing skips providers that cannot
 * serve a request and says what each lacks when none can; a stream's first tool-call
 * fragment is its first token.
 */
class ToolRoutingTests extends WireFormatRoutingSupport {

	private static final Tool WEATHER = Tool.of("get_weather", "The weather",
			"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");

	@Test
	void aCallMadeOnOpenAiIsAnsweredOnAnthropicThenOnOllama() throws Exception {
		FailoverHarness.Built built = harness().build();
		answer(this.openAi, 200,
				"""
						{"model":"gpt","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
						 {"id":"call_Xy1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
						 "finish_reason":"tool_calls"}]}""");
		ChatResponse first = built.client()
			.chat(ChatRequest.builder().user("Weather in Paris?").tools(WEATHER).build())
			.block();
		assertThat(first.provider()).isEqualTo("openai");
		assertThat(first.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		ToolCall call = first.toolCalls().get(0);
		this.openAi.takeRequest();

		// OpenAI breaks; the agent's next turn carries the call and its result.
		answer(this.openAi, 500, OPENAI_SERVER_ERROR);
		answer(this.anthropic, 200, """
				{"id":"msg","type":"message","role":"assistant","model":"claude","content":[
				 {"type":"tool_use","id":"toolu_9","name":"get_weather","input":{"city":"Rome"}}],
				 "stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}}""");
		ChatResponse second = built.client()
			.chat(ChatRequest.builder()
				.user("Weather in Paris?")
				.assistant(first.content(), first.toolCalls())
				.toolResult(call.id(), "{\"temp\":21}")
				.user("And Rome?")
				.tools(WEATHER)
				.build())
			.block();
		assertThat(second.provider()).isEqualTo("anthropic");
		this.openAi.takeRequest();
		JsonNode sent = sentBody(this.anthropic);
		JsonNode messages = sent.path("messages");
		assertThat(messages.path(1).path("content").path(0).path("id").asString()).isEqualTo("call_Xy1");
		assertThat(messages.path(2).path("content").path(0).path("tool_use_id").asString()).isEqualTo("call_Xy1");

		// Anthropic breaks too; its call is answered on Ollama, which names the tool.
		answer(this.openAi, 500, OPENAI_SERVER_ERROR);
		answer(this.anthropic, 529, ANTHROPIC_OVERLOADED);
		answer(this.ollama, 200,
				"""
						{"model":"llama","message":{"role":"assistant","content":"Rome is 25."},"done":true,"done_reason":"stop"}""");
		ChatResponse third = built.client()
			.chat(ChatRequest.builder()
				.user("Weather in Rome?")
				.assistant(second.content(), second.toolCalls())
				.toolResult("toolu_9", "{\"temp\":25}")
				.tools(WEATHER)
				.build())
			.block();
		assertThat(third.provider()).isEqualTo("ollama");
		assertThat(third.content()).isEqualTo("Rome is 25.");
		JsonNode toOllama = sentBody(this.ollama).path("messages");
		assertThat(
				toOllama.path(1).path("tool_calls").path(0).path("function").path("arguments").path("city").asString())
			.isEqualTo("Rome");
		assertThat(toOllama.path(2).path("tool_name").asString()).isEqualTo("get_weather");
	}

	@Test
	void routingSkipsProvidersThatCannotServeTheRequest() {
		FailoverHarness.Built built = harness().capabilities("openai", Set.of())
			.capabilities("anthropic", EnumSet.of(Capability.TOOLS))
			.build();
		answer(this.ollama, 200, """
				{"model":"llama","message":{"role":"assistant","content":"{}"},"done":true,"done_reason":"stop"}""");
		ChatResponse response = built.client()
			.chat(ChatRequest.builder()
				.user("x")
				.responseFormat(io.github.llmfailover.chat.ResponseFormat.JSON_OBJECT)
				.build())
			.block();
		assertThat(response.provider()).isEqualTo("ollama");
		assertThat(response.attempts()).hasSize(1);
		assertThat(this.openAi.getRequestCount()).isZero();
		assertThat(this.anthropic.getRequestCount()).isZero();
	}

	@Test
	void aFeatureNoProviderHasIsAClearErrorNamingWhatEachLacks() {
		FailoverHarness.Built built = harness().capabilities("openai", EnumSet.of(Capability.TOOLS))
			.capabilities("anthropic", EnumSet.of(Capability.TOOLS))
			.capabilities("ollama", OllamaProviderClient.factory().defaultCapabilities())
			.build();
		ChatRequest forced = ChatRequest.builder().user("x").tools(WEATHER).toolChoice(ToolChoice.REQUIRED).build();
		assertThatExceptionOfType(UnsupportedRequestException.class)
			.isThrownBy(() -> built.client().chat(forced).block())
			.withMessageContaining("it needs tools, forced-tool-choice")
			.withMessageContaining("openai lacks forced-tool-choice")
			.withMessageContaining("ollama lacks forced-tool-choice")
			.satisfies((ex) -> assertThat(ex.needed()).contains(Capability.FORCED_TOOL_CHOICE));
		StepVerifier.create(built.client().stream(forced)).expectError(UnsupportedRequestException.class).verify();
		assertThat(this.openAi.getRequestCount() + this.anthropic.getRequestCount() + this.ollama.getRequestCount())
			.isZero();
	}

	@Test
	void aMalformedConversationRejectedByTheProviderIsTheCallersErrorWithoutFailover() {
		FailoverHarness.Built built = harness().build();
		answer(this.openAi, 400, "{\"error\":{\"message\":\"Invalid parameter: messages with role 'tool' must be a "
				+ "response to a preceeding message with 'tool_calls'.\",\"type\":\"invalid_request_error\"}}");
		assertThatExceptionOfType(io.github.llmfailover.chat.ProviderRequestException.class)
			.isThrownBy(() -> built.client().chat(ChatRequest.builder().user("x").tools(WEATHER).build()).block())
			.withMessageContaining("role 'tool'");
		assertThat(this.anthropic.getRequestCount()).isZero();
		assertThat(built.provider("openai").circuit().breaker().getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void aStreamsFirstToolCallFragmentIsItsFirstToken() {
		FailoverHarness.Built built = harness().build();
		answerStream(this.openAi, "text/event-stream",
				"data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":"
						+ "{\"name\":\"get_weather\",\"arguments\":\"{\\\"ci\"}}]}}]}\n\n"
						+ "data: {\"error\":{\"message\":\"overloaded\",\"code\":\"server_error\"}}\n\n");
		List<ChatChunk> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		StepVerifier.create(built.client().stream(ChatRequest.builder().user("x").tools(WEATHER).build()))
			.recordWith(() -> received)
			.expectNextCount(1)
			.expectError(StreamInterruptedException.class)
			.verify();
		assertThat(received.get(0).toolCallFragments().get(0).name()).isEqualTo("get_weather");
		assertThat(this.anthropic.getRequestCount()).isZero();
	}

}
