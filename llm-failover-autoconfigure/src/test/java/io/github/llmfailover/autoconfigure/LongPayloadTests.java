package io.github.llmfailover.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.ResponseTooLargeException;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.FakeLlmServer.Answer;
import io.github.llmfailover.test.StreamFrames;
import io.github.llmfailover.test.TestAutoConfigurations;

import static io.github.llmfailover.test.FakeLlmServer.anthropicAnswer;
import static io.github.llmfailover.test.FakeLlmServer.ollamaAnswer;
import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Long contexts and long answers through each adapter, auto-configured, over real HTTP:
 * prompts of several MB reach the provider whole, answers of several MB are read whole or
 * streamed, and an answer over the configured limit fails its request without failover,
 * retry or circuit penalty.
 */
class LongPayloadTests {

	private static final Duration LIMIT = Duration.ofSeconds(20);

	private static final int MB = 1024 * 1024;

	/** Text with what JSON escapes (quotes, a new line) and a character of two bytes. */
	private static final String UNIT = "A long answer about the café, \"quoted\" and\nwrapped. ";

	private final FakeLlmServer primary = new FakeLlmServer();

	private final FakeLlmServer backup = new FakeLlmServer().answer(openAiAnswer("from backup"));

	@AfterEach
	void stop() {
		this.primary.close();
		this.backup.close();
	}

	@ParameterizedTest
	@EnumSource
	void promptsOfSeveralMegabytesReachTheProviderWhole(Format format) {
		runner(format).run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			for (int size : new int[] { MB, 4 * MB }) {
				Text prompt = Text.ofBytes(size);
				this.primary.answer(format.whole("short"));
				assertThat(client.chat(ChatRequest.of(prompt.decoded())).block(LIMIT).content()).isEqualTo("short");
				assertThat(this.primary.receivedBytes()).isBetween(prompt.jsonBytes(), prompt.jsonBytes() + 1024L);

				this.primary.answer(format.stream("short"));
				assertThat(text(client.stream(ChatRequest.of(prompt.decoded())).collectList().block(LIMIT)))
					.isEqualTo("short");
				assertThat(this.primary.receivedBytes()).isBetween(prompt.jsonBytes(), prompt.jsonBytes() + 1024L);
			}
			assertThat(this.backup.requests()).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource
	void answersOfSeveralMegabytesAreReadWhole(Format format) {
		runner(format).run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			for (int size : new int[] { 2 * MB, 8 * MB }) {
				Text answer = Text.ofBytes(size);
				this.primary.answer(format.whole(answer.json()));
				ChatResponse response = client.chat(ChatRequest.of("Write at length")).block(LIMIT);
				assertThat(response.provider()).isEqualTo("primary");
				assertThat(response.content()).hasSize(answer.decoded().length()).isEqualTo(answer.decoded());
			}
			assertThat(this.primary.requests()).isEqualTo(2);
			assertThat(this.backup.requests()).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource
	void streamsAreNotLimitedBySizeOnlyEachFrameIs(Format format) {
		runner(format).withPropertyValues("llm.failover.providers.primary.max-response-size=1MB").run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			for (int size : new int[] { 2 * MB, 8 * MB }) {
				Text answer = Text.ofBytes(size);
				this.primary.answer(format.stream(answer.jsonFrames(64 * 1024)));
				List<ChatChunk> chunks = client.stream(ChatRequest.of("Write at length")).collectList().block(LIMIT);
				assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.provider()).isEqualTo("primary"));
				assertThat(text(chunks)).hasSize(answer.decoded().length()).isEqualTo(answer.decoded());
			}
			assertThat(this.backup.requests()).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource
	void anAnswerOverTheLimitFailsWithoutRetryFailoverOrCircuitPenalty(Format format) {
		runner(format).withPropertyValues("llm.failover.providers.primary.max-response-size=1MB").run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			this.primary.answer(format.whole(Text.ofBytes(2 * MB).json()));
			int calls = 6;
			for (int i = 0; i < calls; i++) {
				assertThatExceptionOfType(ResponseTooLargeException.class)
					.isThrownBy(() -> client.chat(ChatRequest.of("Write at length")).block(LIMIT))
					.satisfies((ex) -> {
						assertThat(ex.getMessage()).contains("'primary'", "1MB",
								"llm.failover.providers.primary.max-response-size");
						assertThat(ex.property()).isEqualTo("llm.failover.providers.primary.max-response-size");
						assertThat(ex.limit()).isEqualTo(DataSize.ofMegabytes(1));
						assertThat(ex.attempts()).singleElement()
							.satisfies((attempt) -> assertThat(attempt.outcome())
								.isEqualTo(AttemptOutcome.RESPONSE_TOO_LARGE));
					});
			}
			assertThat(this.primary.requests()).isEqualTo(calls);
			assertThat(this.backup.requests()).isZero();
			ProviderRegistry registry = context.getBean(ProviderRegistry.class);
			assertThat(registry.find("primary").orElseThrow().circuitState()).isEqualTo(State.CLOSED);

			this.primary.answer(format.whole("short again"));
			ChatResponse next = client.chat(ChatRequest.of("Be brief")).block(LIMIT);
			assertThat(next.provider()).isEqualTo("primary");
			assertThat(next.content()).isEqualTo("short again");
		});
	}

	@ParameterizedTest
	@EnumSource
	void aStreamFrameOverTheLimitFailsTheSameWay(Format format) {
		runner(format).withPropertyValues("llm.failover.providers.primary.max-response-size=64KB").run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			this.primary.answer(format.stream(Text.ofBytes(128 * 1024).json()));
			assertThatExceptionOfType(ResponseTooLargeException.class)
				.isThrownBy(() -> client.stream(ChatRequest.of("Write at length")).collectList().block(LIMIT))
				.withMessageContaining("64KB")
				.withMessageContaining("llm.failover.providers.primary.max-response-size");
			assertThat(this.primary.requests()).isEqualTo(1);
			assertThat(this.backup.requests()).isZero();
		});
	}

	@Test
	void theApplicationsOwnWebClientKeepsItsCodecLimit() {
		runner(Format.OPENAI).run((context) -> {
			assertThat(context).hasSingleBean(FailoverChatClient.class);
			this.backup.answer(openAiAnswer(Text.ofBytes(512 * 1024).json()));
			WebClient own = context.getBean(WebClient.Builder.class).build();
			assertThatThrownBy(() -> own.post()
				.uri(this.backup.baseUrl() + "/chat/completions")
				.retrieve()
				.bodyToMono(String.class)
				.block(LIMIT)).hasRootCauseInstanceOf(DataBufferLimitException.class).hasMessageContaining("262144");
		});
	}

	private ApplicationContextRunner runner(Format format) {
		return new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.FAILOVER)
			.withPropertyValues("llm.failover.attempt-timeout=10s", "llm.failover.timeout=20s",
					"llm.failover.circuit-breaker.sliding-window-size=4",
					"llm.failover.circuit-breaker.minimum-number-of-calls=2",
					"llm.failover.providers.primary.type=" + format.type(),
					"llm.failover.providers.primary.base-url=" + format.baseUrl(this.primary),
					"llm.failover.providers.primary.api-key=sk-test", "llm.failover.providers.primary.model=m",
					"llm.failover.providers.backup.type=openai",
					"llm.failover.providers.backup.base-url=" + this.backup.baseUrl(),
					"llm.failover.providers.backup.model=b", "llm.failover.providers.backup.priority=1");
	}

	private static String text(List<ChatChunk> chunks) {
		return chunks.stream().map(ChatChunk::text).collect(Collectors.joining());
	}

	/**
	 * A text of a given size on the wire: as JSON puts it in a string, and as it reads.
	 */
	record Text(String json, String decoded) {

		private static final String UNIT_JSON = UNIT.replace("\"", "\\\"").replace("\n", "\\n");

		static Text ofBytes(int bytes) {
			int units = (bytes + UNIT_JSON.length() - 1) / UNIT_JSON.length();
			return new Text(UNIT_JSON.repeat(units), UNIT.repeat(units));
		}

		long jsonBytes() {
			return this.json.getBytes(StandardCharsets.UTF_8).length;
		}

		/** The JSON text in pieces of about the given size, cut between units. */
		String[] jsonFrames(int frameBytes) {
			int unitsPerFrame = Math.max(1, frameBytes / UNIT_JSON.length());
			int units = this.json.length() / UNIT_JSON.length();
			List<String> frames = new ArrayList<>();
			for (int i = 0; i < units; i += unitsPerFrame) {
				frames.add(UNIT_JSON.repeat(Math.min(unitsPerFrame, units - i)));
			}
			return frames.toArray(String[]::new);
		}

	}

	/** The wire formats, each answering in its own shape. */
	enum Format {

		OPENAI, ANTHROPIC, OLLAMA;

		String type() {
			return name().toLowerCase(Locale.ROOT);
		}

		String baseUrl(FakeLlmServer server) {
			return (this == OPENAI) ? server.baseUrl() : server.rootUrl();
		}

		Answer whole(String jsonText) {
			return switch (this) {
				case OPENAI -> openAiAnswer(jsonText);
				case ANTHROPIC -> anthropicAnswer(jsonText);
				case OLLAMA -> ollamaAnswer(jsonText);
			};
		}

		Answer stream(String... jsonTexts) {
			return switch (this) {
				case OPENAI -> FakeLlmServer.stream(StreamFrames.SSE, StreamFrames.openAi(jsonTexts), Duration.ZERO);
				case ANTHROPIC ->
					FakeLlmServer.stream(StreamFrames.SSE, StreamFrames.anthropic(jsonTexts), Duration.ZERO);
				case OLLAMA -> FakeLlmServer.stream(StreamFrames.NDJSON, StreamFrames.ollama(jsonTexts), Duration.ZERO);
			};
		}

	}

}
