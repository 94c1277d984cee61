package io.github.llmfailover.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.llmfailover.routing.ProviderRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long prompts and long answers through {@code /chat} and {@code /v1/chat/completions},
 * whole and streamed, against an OpenAI-style provider on 127.0.0.1: bodies up to the
 * server's limit pass, longer ones get 413 in each endpoint's error shape, and an answer
 * over the provider's limit gets 502 naming the property, without charging the provider.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("long-payloads")
class LongPayloadEndpointTests {

	private static final int MB = 1024 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Upstream upstream = new Upstream();

	@Autowired
	private WebTestClient client;

	@Autowired
	private ProviderRegistry providers;

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		registry.add("llm.failover.providers.upstream.type", () -> "openai");
		registry.add("llm.failover.providers.upstream.base-url", () -> upstream.baseUrl());
		registry.add("llm.failover.providers.upstream.api-key", () -> "sk-test");
		registry.add("llm.failover.providers.upstream.model", () -> "gpt-4o-mini");
		registry.add("llm.failover.providers.upstream.max-response-size", () -> "12MB");
		registry.add("llm.failover.circuit-breaker.minimum-number-of-calls", () -> "2");
		registry.add("gateway.allow-anonymous", () -> "true");
	}

	@AfterAll
	static void stopUpstream() {
		upstream.server.disposeNow();
	}

	@BeforeEach
	void largeBodiesForTheTestClient() {
		this.client = this.client.mutate().codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(64 * MB)).build();
		upstream.answerBytes.set(16);
	}

	@ParameterizedTest(name = "{0} MB")
	@ValueSource(ints = { 1, 4 })
	void longPromptsAreAcceptedAtBothEndpointsWholeAndStreamed(int megabytes) {
		String prompt = "word ".repeat(megabytes * MB / 5);
		ObjectNode chat = JSON.createObjectNode().put("prompt", prompt);
		ObjectNode completion = completion(prompt);
		assertThat(content(post("/chat", chat).expectStatus().isOk())).hasSize(16);
		assertThat(upstream.receivedBytes.get()).isBetween((long) prompt.length(), prompt.length() + 1024L);
		assertThat(completionContent(post("/v1/chat/completions", completion).expectStatus().isOk())).hasSize(16);
		assertThat(upstream.receivedBytes.get()).isBetween((long) prompt.length(), prompt.length() + 1024L);
		assertThat(streamedChat(chat)).hasSize(16);
		assertThat(upstream.receivedBytes.get()).isBetween((long) prompt.length(), prompt.length() + 1024L);
		assertThat(streamedCompletion(completion.put("stream", true))).hasSize(16);
		assertThat(upstream.receivedBytes.get()).isBetween((long) prompt.length(), prompt.length() + 1024L);
	}

	@ParameterizedTest(name = "{0} MB")
	@ValueSource(ints = { 2, 8 })
	void longAnswersComeBackWholeAndStreamed(int megabytes) {
		upstream.answerBytes.set(megabytes * MB);
		ObjectNode chat = JSON.createObjectNode().put("prompt", "Write at length");
		String expected = Upstream.text(megabytes * MB);
		assertThat(content(post("/chat", chat).expectStatus().isOk())).isEqualTo(expected);
		assertThat(completionContent(post("/v1/chat/completions", completion("Write at length")).expectStatus().isOk()))
			.isEqualTo(expected);
		assertThat(streamedChat(chat)).isEqualTo(expected);
		assertThat(streamedCompletion(completion("Write at length").put("stream", true))).isEqualTo(expected);
	}

	@Test
	void anAnswerOverTheProvidersLimitGets502NamingThePropertyAndLeavesTheProviderInRotation() {
		upstream.answerBytes.set(13 * MB);
		int before = upstream.requests.get();
		post("/chat", JSON.createObjectNode().put("prompt", "Write at length")).expectStatus()
			.isEqualTo(HttpStatus.BAD_GATEWAY)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Answer too large")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("12MB",
					"llm.failover.providers.upstream.max-response-size"))
			.jsonPath("$.property")
			.isEqualTo("llm.failover.providers.upstream.max-response-size")
			.jsonPath("$.attempts.length()")
			.isEqualTo(1);
		for (int i = 0; i < 3; i++) {
			post("/v1/chat/completions", completion("Write at length")).expectStatus()
				.isEqualTo(HttpStatus.BAD_GATEWAY)
				.expectHeader()
				.valueEquals("x-should-retry", "false")
				.expectBody()
				.jsonPath("$.error.code")
				.isEqualTo("response_too_large")
				.jsonPath("$.error.message")
				.value((String message) -> assertThat(message)
					.contains("llm.failover.providers.upstream.max-response-size"));
		}
		assertThat(upstream.requests.get() - before).isEqualTo(4);
		assertThat(this.providers.find("upstream").orElseThrow().circuitState()).isEqualTo(State.CLOSED);

		upstream.answerBytes.set(16);
		assertThat(content(post("/chat", JSON.createObjectNode().put("prompt", "Be brief")).expectStatus().isOk()))
			.hasSize(16);
	}

	@Test
	void aBodyOverTheServersLimitGets413InTheEndpointsOwnShape() {
		String prompt = "word ".repeat(11 * MB / 5);
		int before = upstream.requests.get();
		post("/chat", JSON.createObjectNode().put("prompt", prompt)).expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Request too large")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("10MB", "spring.http.codecs.max-in-memory-size"))
			.jsonPath("$.limit")
			.isEqualTo(10 * MB);
		post("/v1/chat/completions", completion(prompt)).expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("invalid_request_error")
			.jsonPath("$.error.code")
			.isEqualTo("request_too_large")
			.jsonPath("$.error.message")
			.value((String message) -> assertThat(message).contains("10MB", "spring.http.codecs.max-in-memory-size"));
		assertThat(upstream.requests.get()).isEqualTo(before);
	}

	private WebTestClient.ResponseSpec post(String path, JsonNode body) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsBytes(body))
			.exchange();
	}

	private static ObjectNode completion(String prompt) {
		ObjectNode body = JSON.createObjectNode().put("model", "gpt-4o-mini");
		body.putArray("messages").addObject().put("role", "user").put("content", prompt);
		return body;
	}

	private static String content(WebTestClient.ResponseSpec response) {
		return JSON.readTree(Objects.requireNonNull(response.expectBody(byte[].class).returnResult().getResponseBody()))
			.path("content")
			.stringValue();
	}

	private static String completionContent(WebTestClient.ResponseSpec response) {
		return JSON.readTree(Objects.requireNonNull(response.expectBody(byte[].class).returnResult().getResponseBody()))
			.path("choices")
			.path(0)
			.path("message")
			.path("content")
			.stringValue();
	}

	private String streamedChat(JsonNode body) {
		return events("/chat/stream", body).stream()
			.map((data) -> JSON.readTree(data).path("text").asString(""))
			.collect(Collectors.joining());
	}

	private String streamedCompletion(JsonNode body) {
		return events("/v1/chat/completions", body).stream()
			.filter((data) -> !"[DONE]".equals(data))
			.map((data) -> JSON.readTree(data).path("choices").path(0).path("delta").path("content").asString(""))
			.collect(Collectors.joining());
	}

	private List<String> events(String path, JsonNode body) {
		return post(path, body).expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.map((event) -> Objects.requireNonNull(event.data()))
			.collectList()
			.block(Duration.ofSeconds(30));
	}

	/**
	 * An OpenAI-style provider answering with a text of {@link #answerBytes}, whole or in
	 * 64 KB chunks, counting the bytes of the latest request.
	 */
	static final class Upstream {

		final AtomicInteger answerBytes = new AtomicInteger(16);

		final AtomicInteger requests = new AtomicInteger();

		final AtomicLong receivedBytes = new AtomicLong();

		final DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive().aggregate().asString().flatMap((body) -> {
				this.requests.incrementAndGet();
				this.receivedBytes.set(body.getBytes(StandardCharsets.UTF_8).length);
				String text = text(this.answerBytes.get());
				if (body.contains("\"stream\":true")) {
					return response.header("content-type", "text/event-stream")
						.sendString(Flux.concat(chunks(text), Mono.just("data: [DONE]\n\n")))
						.then();
				}
				return response.header("content-type", "application/json")
					.sendString(Mono.just("{\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{"
							+ "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
							+ "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}"))
					.then();
			}))
			.bindNow();

		String baseUrl() {
			return "http://127.0.0.1:" + this.server.port() + "/v1";
		}

		static String text(int bytes) {
			return "word ".repeat(bytes / 5) + "x".repeat(bytes % 5);
		}

		private static Flux<String> chunks(String text) {
			int size = 64 * 1024;
			return Flux.range(0, (text.length() + size - 1) / size)
				.map((i) -> text.substring(i * size, Math.min(text.length(), (i + 1) * size)))
				.map((piece) -> "data: {\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{"
						+ "\"index\":0,\"delta\":{\"content\":\"" + piece + "\"},\"finish_reason\":null}]}\n\n")
				.concatWith(Mono.just("data: {\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\","
						+ "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"));
		}

	}

}
