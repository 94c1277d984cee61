package io.github.llmfailover.springai;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.util.MimeTypeUtils;

import io.github.llmfailover.autoconfigure.LlmFailoverAutoConfiguration;
import io.github.llmfailover.autoconfigure.LlmFailoverSpringAiAutoConfiguration;
import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.UnknownModelGroupException;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.StreamFrames;

import static io.github.llmfailover.test.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring AI's {@code ChatClient} over {@code failoverChatModel}, against providers on
 * real HTTP servers: the first provider fails with 503, the second answers, tool calls
 * included; streams and structured output the same way.
 */
class FailoverChatModelTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String OVERLOADED = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private final FakeLlmServer primary = new FakeLlmServer().answer(status(503, OVERLOADED));

	private final MockWebServer secondary = new MockWebServer();

	@BeforeEach
	void start() throws Exception {
		this.secondary.start();
	}

	@AfterEach
	void stop() {
		this.primary.close();
		this.secondary.close();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmFailoverAutoConfiguration.class,
					LlmFailoverSpringAiAutoConfiguration.class, HttpClientAutoConfiguration.class,
					ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
					CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class))
			.withPropertyValues("llm.failover.attempt-timeout=5s", "llm.failover.timeout=10s",
					"llm.failover.providers.primary.type=openai",
					"llm.failover.providers.primary.base-url=" + this.primary.baseUrl(),
					"llm.failover.providers.primary.model=gpt-primary", "llm.failover.providers.secondary.type=openai",
					"llm.failover.providers.secondary.base-url=" + this.secondary.url("/v1"),
					"llm.failover.providers.secondary.model=gpt-4o-mini",
					"llm.failover.providers.secondary.priority=1");
	}

	private void answer(String body) {
		this.secondary.enqueue(
				new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build());
	}

	private void answerStream(List<String> frames) {
		this.secondary.enqueue(new MockResponse.Builder().code(200)
			.addHeader("Content-Type", StreamFrames.SSE)
			.body(String.join("", frames))
			.build());
	}

	private static String completion(String message, String finishReason) {
		return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
				+ "\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\"" + finishReason + "\"}],"
				+ "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":3,\"total_tokens\":14}}";
	}

	private static String text(String content) {
		return completion("{\"role\":\"assistant\",\"content\":\"" + content + "\"}", "stop");
	}

	private static final String WEATHER_CALL = completion("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{"
			+ "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
			+ "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}", "tool_calls");

	private JsonNode sent() throws InterruptedException {
		RecordedRequest request = this.secondary.takeRequest();
		return JSON.readTree(request.getBody().utf8());
	}

	@Test
	void chatClientRunsToolsThroughFailoverAndTheAnswerUsesTheirResult() {
		answer(WEATHER_CALL);
		answer(text("It is 21 degrees in Paris."));
		runner().run((context) -> {
			WeatherTools tools = new WeatherTools();
			ChatResponse response = ChatClient.builder(context.getBean(ChatModel.class))
				.build()
				.prompt()
				.user("What is the weather in Paris?")
				.tools(tools)
				.call()
				.chatResponse();

			assertThat(response.getResult().getOutput().getText()).isEqualTo("It is 21 degrees in Paris.");
			assertThat(tools.cities).containsExactly("Paris");
			assertThat(response.getMetadata().getModel()).isEqualTo("gpt-4o-mini");
			assertThat((String) response.getMetadata().get(FailoverChatModel.PROVIDER)).isEqualTo("secondary");
			List<Attempt> attempts = response.getMetadata().get(FailoverChatModel.ATTEMPTS);
			assertThat(attempts).extracting(Attempt::provider).containsExactly("primary", "secondary");
			assertThat(attempts.get(0).status()).isEqualTo(503);
			// Each turn failed over on its own: the first provider was asked twice.
			assertThat(this.primary.requests()).isEqualTo(2);

			JsonNode first = sent();
			assertThat(first.path("tools").path(0).path("function").path("name").asString()).isEqualTo("weather");
			JsonNode second = sent();
			JsonNode messages = second.path("messages");
			assertThat(messages.path(1).path("tool_calls").path(0).path("id").asString()).isEqualTo("call_1");
			assertThat(messages.path(2).path("role").asString()).isEqualTo("tool");
			assertThat(messages.path(2).path("tool_call_id").asString()).isEqualTo("call_1");
			assertThat(messages.path(2).path("content").asString()).contains("21 degrees and sunny in Paris");
		});
	}

	@Test
	void chatClientStreamsThroughFailoverWithToolCalls() {
		answerStream(List
			.of(StreamFrames.openAiChunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
					+ "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]}",
					"null"),
					StreamFrames.openAiChunk(
							"{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", "null"),
					StreamFrames.openAiChunk(
							"{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", "null"),
					StreamFrames.openAiChunk("{}", "\"tool_calls\""), "data: [DONE]\n\n"));
		answerStream(StreamFrames.openAi("It is ", "21 degrees ", "in Paris."));
		runner().run((context) -> {
			WeatherTools tools = new WeatherTools();
			List<String> pieces = ChatClient.builder(context.getBean(ChatModel.class))
				.build()
				.prompt()
				.user("What is the weather in Paris?")
				.tools(tools)
				.stream()
				.content()
				.collectList()
				.block(LIMIT);

			assertThat(String.join("", pieces)).isEqualTo("It is 21 degrees in Paris.");
			assertThat(pieces).hasSizeGreaterThanOrEqualTo(3);
			assertThat(tools.cities).containsExactly("Paris");
			assertThat(this.primary.requests()).isEqualTo(2);
			assertThat(sent().path("stream").asBoolean()).isTrue();
			assertThat(sent().path("messages").path(2).path("content").asString())
				.contains("21 degrees and sunny in Paris");
		});
	}

	@Test
	void callOnANonBlockingThreadIsRefusedWithAClearError() {
		runner().run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			StepVerifier
				.create(Mono.fromCallable(() -> model.call(new Prompt("Hi"))).subscribeOn(Schedulers.parallel()))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("non-blocking thread")
					.hasMessageContaining("use stream()"))
				.verify(Duration.ofSeconds(10));
		});
	}

	@Test
	void streamedResponsesSayWhoAnsweredAndEndWithUsage() {
		answerStream(StreamFrames.openAi("Hello", " there"));
		runner().run((context) -> {
			List<ChatResponse> responses = context.getBean(ChatModel.class)
				.stream(new Prompt("Hi"))
				.collectList()
				.block(LIMIT);

			assertThat(responses).extracting((response) -> response.getResult().getOutput().getText())
				.containsExactly("Hello", " there", "");
			assertThat(responses)
				.allSatisfy((response) -> assertThat((String) response.getMetadata().get(FailoverChatModel.PROVIDER))
					.isEqualTo("secondary"));
			ChatResponse last = responses.get(2);
			assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
			assertThat(last.getMetadata().getModel()).isEqualTo("gpt-4o-mini");
			assertThat(last.getMetadata().getUsage().getPromptTokens()).isEqualTo(9);
			assertThat(last.getMetadata().getUsage().getCompletionTokens()).isEqualTo(2);
		});
	}

	@Test
	void entityReadsTheAnswerIntoARecordWithFormatInstructionsOrTheProvidersSchema() {
		answer(text("{\\\"city\\\":\\\"Paris\\\",\\\"degrees\\\":21}"));
		answer(text("{\\\"city\\\":\\\"Rome\\\",\\\"degrees\\\":25}"));
		runner().run((context) -> {
			ChatClient chat = ChatClient.builder(context.getBean(ChatModel.class)).build();

			Weather paris = chat.prompt().user("Weather in Paris as JSON").call().entity(Weather.class);
			assertThat(paris).isEqualTo(new Weather("Paris", 21));
			JsonNode instructed = sent();
			assertThat(instructed.path("messages").path(0).path("content").asString()).contains("JSON Schema");
			assertThat(instructed.has("response_format")).isFalse();

			Weather rome = chat.prompt()
				.user("Weather in Rome")
				.call()
				.entity(Weather.class, (spec) -> spec.useProviderStructuredOutput());
			assertThat(rome).isEqualTo(new Weather("Rome", 25));
			JsonNode format = sent().path("response_format");
			assertThat(format.path("type").asString()).isEqualTo("json_schema");
			assertThat(format.path("json_schema").path("schema").path("properties").has("degrees")).isTrue();
		});
	}

	@Test
	void theWholePromptReachesTheProvider() {
		answer(text("Done."));
		runner().run((context) -> {
			Prompt prompt = new Prompt(List.of(new SystemMessage("Be brief."),
					UserMessage.builder()
						.text("What is this?")
						.media(Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data(new byte[] { 1, 2, 3 }).build())
						.build(),
					AssistantMessage.builder()
						.content("Let me look.")
						.toolCalls(List.of(new AssistantMessage.ToolCall("call_7", "function", "lookup", "{\"q\":1}")))
						.build(),
					ToolResponseMessage.builder()
						.responses(List.of(new ToolResponseMessage.ToolResponse("call_7", "lookup", "a square")))
						.build()),
					FailoverChatOptions.builder()
						.maxTokens(64)
						.temperature(0.5)
						.topP(0.9)
						.stopSequences(List.of("END"))
						.build());

			ChatResponse response = context.getBean(ChatModel.class).call(prompt);

			assertThat(response.getResult().getOutput().getText()).isEqualTo("Done.");
			assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
			assertThat(response.getMetadata().getUsage().getTotalTokens()).isEqualTo(14);
			JsonNode body = sent();
			JsonNode messages = body.path("messages");
			assertThat(messages.path(0).path("content").asString()).isEqualTo("Be brief.");
			assertThat(messages.path(1).path("content").path(1).path("image_url").path("url").asString())
				.isEqualTo("data:image/png;base64,AQID");
			assertThat(messages.path(2).path("tool_calls").path(0).path("function").path("name").asString())
				.isEqualTo("lookup");
			assertThat(messages.path(3).path("tool_call_id").asString()).isEqualTo("call_7");
			assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
			assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
			assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
			assertThat(body.path("stop").path(0).asString()).isEqualTo("END");
		});
	}

	@Test
	void optionsWithoutACounterpartEverywhereAreRefusedBeforeAnyCall() {
		runner().run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> model.call(new Prompt("Hi", ChatOptions.builder().topK(5).build())))
				.withMessageContaining("topK");
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> model.call(new Prompt(UserMessage.builder()
					.text("Read this")
					.media(Media.builder()
						.mimeType(MimeTypeUtils.parseMimeType("application/pdf"))
						.data(new byte[] { 1 })
						.build())
					.build())))
				.withMessageContaining("application/pdf");
			assertThat(this.primary.requests()).isZero();
			assertThat(this.secondary.getRequestCount()).isZero();
		});
	}

	@Test
	void theOptionsModelNamesTheModelGroupToRouteOver() {
		answer(text("From the backup group."));
		runner().withPropertyValues("llm.failover.groups.main.providers.primary.weight=1",
				"llm.failover.groups.main.providers.secondary.weight=1",
				"llm.failover.groups.backup.providers.secondary.weight=1", "llm.failover.groups.backup.aliases=cheap")
			.run((context) -> {
				ChatModel model = context.getBean(ChatModel.class);

				ChatResponse response = model
					.call(new Prompt("Hi", FailoverChatOptions.builder().model("cheap").build()));

				assertThat(response.getResult().getOutput().getText()).isEqualTo("From the backup group.");
				assertThat(this.primary.requests()).isZero();
				assertThatExceptionOfType(UnknownModelGroupException.class).isThrownBy(
						() -> model.call(new Prompt("Hi", FailoverChatOptions.builder().model("gpt-5").build())));
			});
	}

	@Test
	void whenNoProviderAnswersTheCallerLearnsWhy() {
		this.secondary.enqueue(new MockResponse.Builder().code(503).body(OVERLOADED).build());
		runner().withPropertyValues("llm.failover.max-attempts=2").run((context) -> {
			assertThatExceptionOfType(AllProvidersFailedException.class)
				.isThrownBy(() -> context.getBean(ChatModel.class).call(new Prompt("Hi")))
				.satisfies((ex) -> assertThat(ex.attempts()).hasSize(2));
		});
	}

	@Test
	void eachCallIsOneFailoverRequestNestedInChatClientsObservationAndNoSecondModelObservation() {
		answer(text("Hello."));
		answerStream(StreamFrames.openAi("Hel", "lo."));
		TestObservationRegistry observations = TestObservationRegistry.create();
		runner().withBean(ObservationRegistry.class, () -> observations).run((context) -> {
			ChatClient chat = ChatClient.builder(context.getBean(ChatModel.class), observations, null, null).build();

			assertThat(chat.prompt().user("Hi").call().content()).isEqualTo("Hello.");
			assertThat(String.join("", chat.prompt().user("Hi").stream().content().collectList().block(LIMIT)))
				.isEqualTo("Hello.");

			TestObservationRegistryAssert.assertThat(observations)
				.hasNumberOfObservationsWithNameEqualTo("llm.failover.requests", 2)
				.hasNumberOfObservationsWithNameEqualTo("gen_ai.client.operation", 0)
				.hasNumberOfObservationsWithNameEqualTo("spring.ai.chat.client", 2);
			TestObservationRegistryAssert.assertThat(observations)
				.forAllObservationsWithNameEqualTo("llm.failover.requests",
						(request) -> request.hasParentObservationContextMatching(
								(parent) -> insideChatClient((Observation.ContextView) parent),
								"inside ChatClient's observation"));
		});
	}

	private static boolean insideChatClient(Observation.ContextView context) {
		for (Observation.ContextView current = context; current != null; current = (current
			.getParentObservation() != null) ? current.getParentObservation().getContextView() : null) {
			if (current instanceof ChatClientObservationContext) {
				return true;
			}
		}
		return false;
	}

	record Weather(String city, int degrees) {
	}

	static class WeatherTools {

		final List<String> cities = new CopyOnWriteArrayList<>();

		@Tool(description = "The current weather in a city")
		String weather(@ToolParam(description = "The city") String city) {
			this.cities.add(city);
			return "21 degrees and sunny in " + city;
		}

	}

}
