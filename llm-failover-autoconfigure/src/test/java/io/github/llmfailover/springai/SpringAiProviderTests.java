package io.github.llmfailover.springai;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.retry.RetryUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import io.github.llmfailover.autoconfigure.LlmFailoverAutoConfiguration;
import io.github.llmfailover.autoconfigure.LlmFailoverSpringAiAutoConfiguration;
import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.ProviderRequestException;
import io.github.llmfailover.chat.Tool;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.StreamFrames;

import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Providers of type {@code spring-ai}, over real HTTP: Spring AI's own OpenAI model (the
 * OpenAI Java SDK underneath) and a model built like Spring AI's RestClient-based
 * modules, both pointed at local servers, serving through failover with the HTTP
 * adapters' error rules, off the event loop.
 */
class SpringAiProviderTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// The OpenAI SDK's first call in a JVM takes seconds on a loaded machine.
	private static final Duration LIMIT = Duration.ofSeconds(40);

	private static final String API_KEY = "sk-spring-ai-TOPSECRET";

	private final MockWebServer upstream = new MockWebServer();

	private final FakeLlmServer backup = new FakeLlmServer().answer(openAiAnswer("from backup"));

	@BeforeEach
	void start() throws Exception {
		this.upstream.start();
	}

	@AfterEach
	void stop() {
		this.upstream.close();
		this.backup.close();
	}

	private ApplicationContextRunner runner(String chatModelBean) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmFailoverAutoConfiguration.class,
					LlmFailoverSpringAiAutoConfiguration.class, HttpClientAutoConfiguration.class,
					ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
					CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class))
			.withBean("upstreamUrl", String.class, () -> this.upstream.url("/v1").toString())
			.withUserConfiguration(SpringAiModels.class)
			.withPropertyValues("llm.failover.attempt-timeout=25s", "llm.failover.timeout=30s",
					"llm.failover.providers.sai.type=spring-ai",
					"llm.failover.providers.sai.chat-model=" + chatModelBean,
					"llm.failover.providers.sai.model=gpt-4o-mini", "llm.failover.providers.backup.type=openai",
					"llm.failover.providers.backup.base-url=" + this.backup.baseUrl(),
					"llm.failover.providers.backup.model=gpt-backup", "llm.failover.providers.backup.priority=1");
	}

	private void answer(int status, String body, String... headers) {
		MockResponse.Builder response = new MockResponse.Builder().code(status)
			.addHeader("Content-Type", "application/json")
			.body(body);
		for (int i = 0; i < headers.length; i += 2) {
			response.addHeader(headers[i], headers[i + 1]);
		}
		this.upstream.enqueue(response.build());
	}

	private JsonNode sent() throws InterruptedException {
		RecordedRequest request = this.upstream.takeRequest();
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
		return JSON.readTree(request.getBody().utf8());
	}

	@Test
	void springAisOpenAiModelServesAsAProviderWithToolsAndTheProvidersModel() {
		answer(200,
				"""
						{"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024","choices":[{"index":0,
						 "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function",
						 "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}],
						 "usage":{"prompt_tokens":12,"completion_tokens":4,"total_tokens":16}}""");
		runner("openAiChatModel").run((context) -> {
			ChatResponse response = context.getBean(FailoverChatClient.class)
				.chat(ChatRequest.builder()
					.system("Use tools.")
					.user("Weather in Paris?")
					.maxTokens(50)
					.tools(Tool.of("get_weather", "The weather",
							"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))
					.build())
				.block(LIMIT);

			assertThat(response.provider()).isEqualTo("sai");
			assertThat(response.model()).isEqualTo("gpt-4o-mini-2024");
			assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
			assertThat(response.toolCalls()).singleElement().satisfies((call) -> {
				assertThat(call.id()).isEqualTo("call_9");
				assertThat(call.name()).isEqualTo("get_weather");
				assertThat(JSON.readTree(call.arguments()).path("city").asString()).isEqualTo("Paris");
			});
			assertThat(response.usage().inputTokens()).isEqualTo(12);
			assertThat(response.usage().outputTokens()).isEqualTo(4);
			JsonNode body = sent();
			assertThat(body.path("model").asString()).isEqualTo("gpt-4o-mini");
			assertThat(body.path("messages").path(0).path("content").asString()).isEqualTo("Use tools.");
			assertThat(body.path("tools").path(0).path("function").path("name").asString()).isEqualTo("get_weather");
			assertThat(body.path("max_completion_tokens").asInt(body.path("max_tokens").asInt())).isEqualTo(50);
			ProviderSnapshot snapshot = context.getBean(ProviderRegistry.class).find("sai").orElseThrow();
			assertThat(snapshot.type()).isEqualTo("spring-ai");
			assertThat(snapshot.baseUrl()).hasToString("bean:openAiChatModel");
		});
	}

	@Test
	void aStreamComesFromTheModelsOwnStream() {
		this.upstream.enqueue(new MockResponse.Builder().code(200)
			.addHeader("Content-Type", StreamFrames.SSE)
			.body(String.join("", StreamFrames.openAi("Hel", "lo")))
			.build());
		runner("openAiChatModel").run((context) -> {
			List<ChatChunk> chunks = context.getBean(FailoverChatClient.class)
				.stream(ChatRequest.of("Hi"))
				.collectList()
				.block(LIMIT);

			assertThat(chunks).extracting(ChatChunk::text).containsSubsequence("Hel", "lo");
			ChatChunk last = chunks.get(chunks.size() - 1);
			assertThat(last.provider()).isEqualTo("sai");
			assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
			assertThat(last.usage().inputTokens()).isEqualTo(9);
			assertThat(sent().path("stream").asBoolean()).isTrue();
		});
	}

	@Test
	void aServerErrorOfTheModelFailsOver() {
		answer(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
		runner("openAiChatModel").run((context) -> {
			ChatResponse response = context.getBean(FailoverChatClient.class).chat(ChatRequest.of("Hi")).block(LIMIT);

			assertThat(response.content()).isEqualTo("from backup");
			assertThat(response.attempts().get(0).provider()).isEqualTo("sai");
			assertThat(response.attempts().get(0).status()).isEqualTo(503);
			assertThat(response.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.SERVER_ERROR);
			// The SDK's own retries are off: the provider was asked once.
			assertThat(this.upstream.getRequestCount()).isEqualTo(1);
		});
	}

	@Test
	void aBadRequestIsTheCallersErrorWithoutFailover() {
		answer(400, "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\"}}");
		runner("openAiChatModel").run((context) -> {
			assertThatExceptionOfType(ProviderRequestException.class)
				.isThrownBy(() -> context.getBean(FailoverChatClient.class).chat(ChatRequest.of("Hi")).block(LIMIT))
				.satisfies((ex) -> assertThat(ex.status()).isEqualTo(400))
				.withMessageContaining("max_tokens is too large")
				.withMessageNotContaining(API_KEY);
			assertThat(this.backup.requests()).isZero();
		});
	}

	@Test
	void springAiTransientAndNonTransientExceptionsAreClassifiedByTheirStatus() {
		answer(503, "{\"error\":\"overloaded\"}");
		answer(400, "{\"error\":\"prompt too long\"}");
		runner("restClientChatModel").run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);

			ChatResponse served = client.chat(ChatRequest.of("Hi")).block(LIMIT);
			assertThat(served.provider()).isEqualTo("backup");
			assertThat(served.attempts().get(0).status()).isEqualTo(503);

			assertThatExceptionOfType(ProviderRequestException.class)
				.isThrownBy(() -> client.chat(ChatRequest.of("Hi")).block(LIMIT))
				.satisfies((ex) -> assertThat(ex.status()).isEqualTo(400))
				.withMessageContaining("prompt too long");
			assertThat(this.backup.requests()).isEqualTo(1);
		});
	}

	@Test
	void aRateLimitWithRetryAfterPutsTheProviderInACooldown() {
		answer(429, "{\"error\":\"slow down\"}", "Retry-After", "30");
		runner("plainRestClientChatModel").run((context) -> {
			ChatResponse response = context.getBean(FailoverChatClient.class).chat(ChatRequest.of("Hi")).block(LIMIT);

			assertThat(response.provider()).isEqualTo("backup");
			assertThat(response.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
			assertThat(context.getBean(ProviderRegistry.class).find("sai").orElseThrow().cooldownUntil()).isNotNull();
		});
	}

	@Test
	void aRateLimitOfSpringAisOpenAiModelPutsTheProviderInACooldownAsLongAsItsRetryAfter() {
		answer(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}", "Retry-After", "40");
		runner("openAiChatModel").run((context) -> {
			Instant before = Instant.now();
			ChatResponse response = context.getBean(FailoverChatClient.class).chat(ChatRequest.of("Hi")).block(LIMIT);

			assertThat(response.provider()).isEqualTo("backup");
			assertThat(response.attempts().get(0).status()).isEqualTo(429);
			assertThat(response.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
			// The SDK's RateLimitException carries the answer's headers: 40 s (under the
			// 60 s maximum), where without them there is no cooldown at all.
			assertThat(context.getBean(ProviderRegistry.class).find("sai").orElseThrow().cooldownUntil())
				.isBetween(before.plusSeconds(35), Instant.now().plusSeconds(41));
		});
	}

	@Test
	void retryAfterMsOfSpringAisOpenAiModelTakesPrecedence() {
		answer(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\"}}", "retry-after-ms", "45000",
				"Retry-After", "5");
		runner("openAiChatModel").run((context) -> {
			Instant before = Instant.now();
			context.getBean(FailoverChatClient.class).chat(ChatRequest.of("Hi")).block(LIMIT);

			assertThat(context.getBean(ProviderRegistry.class).find("sai").orElseThrow().cooldownUntil())
				.isBetween(before.plusSeconds(40), Instant.now().plusSeconds(46));
		});
	}

	@Test
	void blockingCallsRunOffTheCallersNonBlockingThreadAndAModelWithoutStreamingAnswersInOnePiece() {
		answer(200, "{\"text\":\"whole\"}");
		answer(200, "{\"text\":\"in one piece\"}");
		runner("restClientChatModel").run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			RestClientChatModel model = context.getBean("restClientChatModel", RestClientChatModel.class);

			ChatResponse response = Mono.defer(() -> client.chat(ChatRequest.of("Hi")))
				.subscribeOn(Schedulers.parallel())
				.block(LIMIT);
			assertThat(response.content()).contains("whole");
			assertThat(model.lastThread.get()).startsWith("boundedElastic");

			List<ChatChunk> chunks = client.stream(ChatRequest.of("Hi")).collectList().block(LIMIT);
			assertThat(chunks).extracting(ChatChunk::text).containsExactly("{\"text\":\"in one piece\"}", "");
			assertThat(chunks.get(1).finishReason()).isEqualTo(FinishReason.STOP);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class SpringAiModels {

		@Bean
		OpenAiChatModel openAiChatModel(String upstreamUrl) {
			return OpenAiChatModel.builder()
				.options(OpenAiChatOptions.builder()
					.baseUrl(upstreamUrl)
					.apiKey(API_KEY)
					.model("gpt-4o")
					.maxRetries(0)
					.build())
				.build();
		}

		@Bean
		RestClientChatModel restClientChatModel(String upstreamUrl) {
			return new RestClientChatModel(RestClient.builder()
				.baseUrl(upstreamUrl)
				.defaultStatusHandler(RetryUtils.DEFAULT_RESPONSE_ERROR_HANDLER));
		}

		@Bean
		RestClientChatModel plainRestClientChatModel(String upstreamUrl) {
			return new RestClientChatModel(RestClient.builder().baseUrl(upstreamUrl));
		}

	}

	/**
	 * A model built the way Spring AI's RestClient-based modules are (with Spring AI's
	 * response error handler, or Spring's own), that cannot stream.
	 */
	static final class RestClientChatModel implements ChatModel {

		final AtomicReference<String> lastThread = new AtomicReference<>();

		private final RestClient client;

		RestClientChatModel(RestClient.Builder client) {
			this.client = client.defaultHeader("Authorization", "Bearer " + API_KEY).build();
		}

		@Override
		public org.springframework.ai.chat.model.ChatResponse call(Prompt prompt) {
			this.lastThread.set(Thread.currentThread().getName());
			String text = this.client.post().uri("/chat").body(prompt.getContents()).retrieve().body(String.class);
			return new org.springframework.ai.chat.model.ChatResponse(
					List.of(new Generation(new AssistantMessage(text))));
		}

	}

}
