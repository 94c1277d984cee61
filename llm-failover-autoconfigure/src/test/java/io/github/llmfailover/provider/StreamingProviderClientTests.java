package io.github.llmfailover.provider;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.provider.anthropic.AnthropicProviderClient;
import io.github.llmfailover.provider.ollama.OllamaProviderClient;
import io.github.llmfailover.provider.openai.OpenAiProviderClient;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.StreamFrames;

import static io.github.llmfailover.test.FakeLlmServer.stream;
import static io.github.llmfailover.test.FakeLlmServer.streamThenCut;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each adapter reads its provider's streaming format over real HTTP, frames split across
 * network writes included.
 */
class StreamingProviderClientTests {

	private static final Duration FAST = Duration.ofMillis(5);

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private final FakeLlmServer server = new FakeLlmServer();

	@AfterEach
	void stop() {
		this.server.close();
	}

	private ProviderClient client(ProviderClientFactory factory, String baseUrl) {
		return factory.create(
				new ProviderSettings("p", factory.type(), URI.create(baseUrl), "sk-secret", "m", Map.of(), null),
				WebClient.builder());
	}

	private List<ChatChunk> streamFrom(ProviderClientFactory factory, String baseUrl) {
		return client(factory, baseUrl).stream(ChatRequest.of("hi")).collectList().block(LIMIT);
	}

	@Test
	void openAiChunksThenOneLastChunkWithReasonAndUsage() {
		this.server.answer(stream(StreamFrames.SSE, StreamFrames.openAi("Hel", "lo"), FAST));
		List<ChatChunk> chunks = streamFrom(OpenAiProviderClient.factory(), this.server.baseUrl());
		assertThat(chunks).extracting(ChatChunk::text).containsExactly("Hel", "lo", "");
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.provider()).isEqualTo("p"));
		assertThat(chunks.subList(0, 2)).allSatisfy((chunk) -> {
			assertThat(chunk.finishReason()).isNull();
			assertThat(chunk.usage()).isNull();
		});
		ChatChunk last = chunks.get(2);
		assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(last.usage()).isEqualTo(new TokenUsage(9, 2));
	}

	@Test
	void framesSplitAcrossNetworkWritesAreReassembled() {
		this.server
			.answer(stream(StreamFrames.SSE, StreamFrames.splitEachFrame(StreamFrames.openAi("a", "b", "c")), FAST));
		assertThat(streamFrom(OpenAiProviderClient.factory(), this.server.baseUrl())).extracting(ChatChunk::text)
			.containsExactly("a", "b", "c", "");
		this.server
			.answer(stream(StreamFrames.SSE, StreamFrames.splitEachFrame(StreamFrames.anthropic("x", "y")), FAST));
		assertThat(streamFrom(AnthropicProviderClient.factory(), this.server.rootUrl())).extracting(ChatChunk::text)
			.containsExactly("x", "y", "");
		this.server
			.answer(stream(StreamFrames.NDJSON, StreamFrames.splitEachFrame(StreamFrames.ollama("u", "v")), FAST));
		assertThat(streamFrom(OllamaProviderClient.factory(), this.server.rootUrl())).extracting(ChatChunk::text)
			.containsExactly("u", "v", "");
	}

	@Test
	void anOpenAiErrorChunkAfterTheStatusIsAStreamError() {
		this.server.answer(stream(StreamFrames.SSE, List.of(StreamFrames.openAiChunk("{\"content\":\"Hi\"}", "null"),
				StreamFrames.openAiError("overloaded")), FAST));
		StepVerifier.create(client(OpenAiProviderClient.factory(), this.server.baseUrl()).stream(ChatRequest.of("hi")))
			.expectNextMatches((chunk) -> chunk.text().equals("Hi"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ProviderException.class)
				.hasMessageContaining("overloaded")
				.matches((ex) -> ((ProviderException) ex).isMalformed()))
			.verify(LIMIT);
	}

	@Test
	void anthropicIgnoresPingsAndCountsTokensFromStartAndDelta() {
		this.server.answer(stream(StreamFrames.SSE, StreamFrames.anthropic("Bon", "jour", "!"), FAST));
		List<ChatChunk> chunks = streamFrom(AnthropicProviderClient.factory(), this.server.rootUrl());
		assertThat(chunks).extracting(ChatChunk::text).containsExactly("Bon", "jour", "!", "");
		assertThat(chunks.get(3).finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(chunks.get(3).usage()).isEqualTo(new TokenUsage(11, 3));
	}

	@Test
	void theLastChunkCarriesThePromptCacheFigures() {
		this.server.answer(stream(StreamFrames.SSE,
				StreamFrames.openAi("a")
					.stream()
					.map((frame) -> frame.replace("\"total_tokens\":10}",
							"\"total_tokens\":10,\"prompt_tokens_details\":{\"cached_tokens\":8}}"))
					.toList(),
				FAST));
		assertThat(streamFrom(OpenAiProviderClient.factory(), this.server.baseUrl()).get(1).usage())
			.isEqualTo(new TokenUsage(9, 1, 8, 0));
		this.server.answer(stream(StreamFrames.SSE, StreamFrames.anthropic("x")
			.stream()
			.map((frame) -> frame.replace("\"input_tokens\":11,",
					"\"input_tokens\":11," + "\"cache_read_input_tokens\":200,\"cache_creation_input_tokens\":50,"))
			.toList(), FAST));
		assertThat(streamFrom(AnthropicProviderClient.factory(), this.server.rootUrl()).get(1).usage())
			.isEqualTo(new TokenUsage(261, 1, 200, 50));
	}

	@Test
	void anthropicErrorEventMidStreamIsSurfacedWithItsType() {
		List<String> frames = new java.util.ArrayList<>(StreamFrames.anthropicStart());
		frames.add(StreamFrames.anthropicDelta("Par"));
		frames.add(StreamFrames.anthropicError("overloaded_error", "Overloaded"));
		this.server.answer(stream(StreamFrames.SSE, frames, FAST));
		StepVerifier
			.create(client(AnthropicProviderClient.factory(), this.server.rootUrl()).stream(ChatRequest.of("hi")))
			.expectNextMatches((chunk) -> chunk.text().equals("Par"))
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(ProviderException.class).hasMessageContaining("Overloaded");
				assertThat(((ProviderException) error).errorCode()).isEqualTo("overloaded_error");
			})
			.verify(LIMIT);
	}

	@Test
	void ollamaLastLineCarriesReasonAndCounts() {
		this.server.answer(stream(StreamFrames.NDJSON, StreamFrames.ollama("Hal", "lo"), FAST));
		List<ChatChunk> chunks = streamFrom(OllamaProviderClient.factory(), this.server.rootUrl());
		assertThat(chunks).extracting(ChatChunk::text).containsExactly("Hal", "lo", "");
		assertThat(chunks.get(2).usage()).isEqualTo(new TokenUsage(7, 2));
		assertThat(chunks.get(2).finishReason()).isEqualTo(FinishReason.STOP);
	}

	@Test
	void ollamaErrorLineIsAStreamError() {
		this.server.answer(stream(StreamFrames.NDJSON, List.of(StreamFrames.ollamaError("model 'x' not found")), FAST));
		StepVerifier.create(client(OllamaProviderClient.factory(), this.server.rootUrl()).stream(ChatRequest.of("hi")))
			.expectErrorSatisfies((error) -> assertThat(error).hasMessageContaining("model 'x' not found"))
			.verify(LIMIT);
	}

	@Test
	void aStreamCutBeforeItsEndMarkerIsAnError() {
		this.server.answer(streamThenCut(StreamFrames.SSE, StreamFrames.openAi("a", "b").subList(0, 2), FAST));
		StepVerifier.create(client(OpenAiProviderClient.factory(), this.server.baseUrl()).stream(ChatRequest.of("hi")))
			.expectNextCount(1)
			.expectError()
			.verify(LIMIT);
	}

	@Test
	void anErrorStatusBeforeTheStreamCarriesTheProvidersMessage() {
		this.server.answer(FakeLlmServer.status(529,
				"{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
		StepVerifier
			.create(client(AnthropicProviderClient.factory(), this.server.rootUrl()).stream(ChatRequest.of("hi")))
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(ProviderException.class).hasMessage("Overloaded");
				assertThat(((ProviderException) error).status()).isEqualTo(529);
			})
			.verify(LIMIT);
	}

	@Test
	void requestsAStreamInEachFormat() throws Exception {
		try (mockwebserver3.MockWebServer mock = new mockwebserver3.MockWebServer()) {
			mock.start();
			mock.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
				.addHeader("content-type", StreamFrames.SSE)
				.body(String.join("", StreamFrames.openAi("x")))
				.build());
			client(OpenAiProviderClient.factory(), mock.url("/v1").toString()).stream(ChatRequest.of("hi"))
				.blockLast(LIMIT);
			mockwebserver3.RecordedRequest request = mock.takeRequest();
			String body = request.getBody().utf8();
			assertThat(body).contains("\"stream\":true").contains("\"include_usage\":true");
			assertThat(request.getHeaders().get("Accept")).contains("text/event-stream");
		}
	}

}
