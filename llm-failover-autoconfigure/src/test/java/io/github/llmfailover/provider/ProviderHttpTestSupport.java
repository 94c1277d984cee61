package io.github.llmfailover.provider;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.ChatRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A real HTTP server on 127.0.0.1 (MockWebServer) for one adapter's tests: it records
 * what the adapter sent and answers what the test queued.
 */
abstract class ProviderHttpTestSupport {

	static final String API_KEY = "sk-test-0123456789abcdef";

	static final Duration LIMIT = Duration.ofSeconds(5);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	MockWebServer server;

	/** How the clients of a test ask for structured output. */
	StructuredOutputMethod structuredOutput = StructuredOutputMethod.NATIVE;

	@BeforeEach
	void startServer() throws Exception {
		this.server = new MockWebServer();
		this.server.start();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.close();
	}

	private final ProviderClientFactory factory;

	private final String basePath;

	/**
	 * @param factory the factory of the adapter under test
	 * @param basePath the base URL's path as users configure it for this provider
	 */
	ProviderHttpTestSupport(ProviderClientFactory factory, String basePath) {
		this.factory = factory;
		this.basePath = basePath;
	}

	ProviderClientFactory factory() {
		return this.factory;
	}

	ProviderClient client() {
		return client(API_KEY, Map.of(), null);
	}

	ProviderClient client(String apiKey, Map<String, String> headers, Integer defaultMaxTokens) {
		ProviderSettings settings = new ProviderSettings("p", factory().type(),
				URI.create(this.server.url(this.basePath).toString()), apiKey, "the-model", headers, defaultMaxTokens,
				ProviderSettings.DEFAULT_MAX_RESPONSE_SIZE, EnumSet.allOf(Capability.class), this.structuredOutput);
		return factory().create(settings, WebClient.builder());
	}

	void answer(int status, String body, String... headers) {
		MockResponse.Builder response = new MockResponse.Builder().code(status).body(body);
		response.addHeader("Content-Type", "application/json");
		for (int i = 0; i < headers.length; i += 2) {
			response.addHeader(headers[i], headers[i + 1]);
		}
		this.server.enqueue(response.build());
	}

	void answerStream(String contentType, String body) {
		this.server
			.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", contentType).body(body).build());
	}

	java.util.List<io.github.llmfailover.chat.ChatChunk> stream(ChatRequest request) {
		return client().stream(request).collectList().block(LIMIT);
	}

	Completion complete(ChatRequest request) {
		return client().complete(request).block(LIMIT);
	}

	ProviderException failure(Mono<?> call) {
		try {
			call.block(LIMIT);
		}
		catch (ProviderException ex) {
			return ex;
		}
		return fail("expected a ProviderException");
	}

	RecordedRequest sent() throws InterruptedException {
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getMethod()).isEqualTo("POST");
		return request;
	}

	static JsonNode json(RecordedRequest request) {
		return JSON.readTree(request.getBody().utf8());
	}

	static final String WEATHER_SCHEMA = """
			{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";

	static final io.github.llmfailover.chat.Tool WEATHER = io.github.llmfailover.chat.Tool.of("get_weather",
			"The weather in a city", WEATHER_SCHEMA);

	/**
	 * An agent's conversation: a call made by one provider (an id of OpenAI's form, one
	 * of a form Anthropic refuses) and its results, then the user goes on.
	 */
	static ChatRequest toolConversation() {
		return ChatRequest.builder()
			.system("Use tools.")
			.user("Weather in Paris and Rome?")
			.assistant("Let me look.",
					java.util.List.of(
							new io.github.llmfailover.chat.ToolCall("call_abc", "get_weather", "{\"city\":\"Paris\"}"),
							new io.github.llmfailover.chat.ToolCall("call:rome.2", "get_weather",
									"{\"city\":\"Rome\"}")))
			.toolResult("call_abc", "{\"temp\":21}")
			.toolResult("call:rome.2", "{\"temp\":25}")
			.user("And tomorrow?")
			.tools(WEATHER)
			.build();
	}

	static ChatRequest conversation() {
		return ChatRequest.builder()
			.system("Be brief.")
			.user("Hi")
			.assistant("Hello!")
			.user("How are you?")
			.maxTokens(50)
			.temperature(0.2)
			.build();
	}

}
