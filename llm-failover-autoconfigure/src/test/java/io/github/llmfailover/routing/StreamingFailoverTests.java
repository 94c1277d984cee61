package io.github.llmfailover.routing;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FailoverTimeoutException;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.StreamInterruptedException;
import io.github.llmfailover.provider.openai.OpenAiProviderClient;
import io.github.llmfailover.routing.FailoverHarness.Built;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.StreamFrames;

import static io.github.llmfailover.test.FakeLlmServer.endless;
import static io.github.llmfailover.test.FakeLlmServer.silentAfterHeaders;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static io.github.llmfailover.test.FakeLlmServer.stream;
import static io.github.llmfailover.test.FakeLlmServer.streamThenCut;
import static io.github.llmfailover.test.FakeLlmServer.streamThenSilence;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams fail over before their first content token, over real HTTP: the text always
 * comes from one provider, and after the first token a break is reported, never hidden.
 */
class StreamingFailoverTests {

	private static final Duration TOKEN_GAP = Duration.ofMillis(10);

	private static final Duration LIMIT = Duration.ofSeconds(15);

	private final FakeLlmServer first = new FakeLlmServer();

	private final FakeLlmServer second = new FakeLlmServer()
		.answer(stream(StreamFrames.SSE, StreamFrames.openAi("from ", "second"), TOKEN_GAP));

	@AfterEach
	void stop() {
		this.first.close();
		this.second.close();
	}

	private Built build(String firstUrl, Duration attemptTimeout) {
		return new FailoverHarness().provider("first", firstUrl, 0, 1, FailoverHarnessHttp::openAi)
			.provider("second", this.second.baseUrl(), 1, 1, FailoverHarnessHttp::openAi)
			.policy(FailoverHarness.policy(3, Duration.ofSeconds(10), attemptTimeout))
			.build();
	}

	private Built build() {
		return build(this.first.baseUrl(), Duration.ofSeconds(2));
	}

	private static String text(List<ChatChunk> chunks) {
		StringBuilder text = new StringBuilder();
		chunks.forEach((chunk) -> text.append(chunk.text()));
		return text.toString();
	}

	private void assertServedBySecondOnly(Built built) {
		List<ChatChunk> chunks = built.client().stream(ChatRequest.of("hi")).collectList().block(LIMIT);
		assertThat(text(chunks)).isEqualTo("from second");
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.provider()).isEqualTo("second"));
		ChatChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(last.usage().outputTokens()).isEqualTo(2);
	}

	@Test
	void anErrorStatusFailsOver() {
		this.first.answer(status(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
		assertServedBySecondOnly(build());
		assertThat(this.first.requests()).isEqualTo(1);
	}

	@Test
	void aRefusedConnectionFailsOver() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		assertServedBySecondOnly(build("http://127.0.0.1:" + closedPort + "/v1", Duration.ofSeconds(2)));
	}

	@Test
	void silencePastTheFirstTokenTimeoutFailsOver() {
		this.first.answer(silentAfterHeaders(StreamFrames.SSE));
		Built built = build(this.first.baseUrl(), Duration.ofMillis(800));
		long start = System.nanoTime();
		assertServedBySecondOnly(built);
		// Without a first-token timeout the silent stream would hold the call for the
		// 10 s deadline.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(built.snapshot("first").lastError().outcome().tagValue()).isEqualTo("timeout");
	}

	@Test
	void aStreamThatClosesBeforeAnyTokenFailsOver() {
		this.first.answer(streamThenCut(StreamFrames.SSE, StreamFrames.openAi().subList(0, 1), TOKEN_GAP));
		assertServedBySecondOnly(build());
	}

	@Test
	void aStreamThatEndsWithoutAnyContentFailsOver() {
		this.first.answer(stream(StreamFrames.SSE, StreamFrames.openAi(), TOKEN_GAP));
		assertServedBySecondOnly(build());
	}

	@Test
	void anErrorEventBeforeTheFirstTokenFailsOver() {
		this.first.answer(stream(StreamFrames.SSE, List.of(StreamFrames.openAiError("model overloaded")), TOKEN_GAP));
		assertServedBySecondOnly(build());
	}

	@Test
	void aBreakAfterTheFirstTokenEndsTheStreamWithAnErrorNamingTheProvider() {
		List<String> frames = StreamFrames.openAi("partial ", "answer");
		this.first.answer(streamThenCut(StreamFrames.SSE, frames.subList(0, 3), TOKEN_GAP));
		Built built = build();
		StepVerifier.create(built.client().stream(ChatRequest.of("hi")))
			.expectNextMatches((chunk) -> chunk.text().equals("partial ") && chunk.provider().equals("first"))
			.expectNextMatches((chunk) -> chunk.text().equals("answer"))
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(StreamInterruptedException.class)
					.hasMessageContaining("'first'")
					.hasMessageContaining("after 2 chunks");
				assertThat(((StreamInterruptedException) error).provider()).isEqualTo("first");
			})
			.verify(LIMIT);
		assertThat(this.second.requests()).isZero();
		assertThat(built.provider("first").circuit().breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void silenceAfterTheFirstTokenEndsTheStreamWithAnErrorNamingTheProvider() {
		List<String> frames = StreamFrames.openAi("partial ", "answer");
		this.first.answer(streamThenSilence(StreamFrames.SSE, frames.subList(0, 3), TOKEN_GAP));
		// Seconds, not milliseconds: on a busy machine the first token may take a while.
		Built built = build(this.first.baseUrl(), Duration.ofSeconds(3));
		long start = System.nanoTime();
		StepVerifier.create(built.client().stream(ChatRequest.of("hi")))
			.expectNextMatches((chunk) -> chunk.text().equals("partial ") && chunk.provider().equals("first"))
			.expectNextMatches((chunk) -> chunk.text().equals("answer"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(StreamInterruptedException.class)
				.hasMessageContaining("'first'")
				.hasMessageContaining("after 2 chunks"))
			.verify(LIMIT);
		// The silence allowed is the attempt timeout, counted from the last token.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(3),
				Duration.ofSeconds(14));
		assertThat(this.second.requests()).isZero();
		assertThat(built.snapshot("first").lastError().outcome().tagValue()).isEqualTo("timeout");
	}

	@Test
	void aCancelledStreamClosesTheUpstreamConnectionAndLeavesTheCircuitAlone() throws InterruptedException {
		this.first.answer(endless(StreamFrames.SSE, StreamFrames.openAiChunk("{\"content\":\"tick \"}", "null"),
				Duration.ofMillis(20)));
		Built built = build();
		List<ChatChunk> taken = built.client().stream(ChatRequest.of("hi")).take(3).collectList().block(LIMIT);
		assertThat(taken).hasSize(3);
		assertThat(this.first.connectionClosed().await(5, TimeUnit.SECONDS)).isTrue();
		CircuitBreaker.Metrics metrics = built.provider("first").circuit().breaker().getMetrics();
		assertThat(metrics.getNumberOfFailedCalls()).isZero();
		assertThat(built.snapshot("first").lastError()).isNull();
	}

	@Test
	void aCallerDisconnectingBeforeTheFirstTokenIsNotAFailure() throws InterruptedException {
		this.first.answer(silentAfterHeaders(StreamFrames.SSE));
		Built built = build();
		Disposable subscription = built.client().stream(ChatRequest.of("hi")).subscribe();
		await(() -> this.first.requests() == 1);
		subscription.dispose();
		assertThat(this.first.connectionClosed().await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(built.provider("first").circuit().breaker().getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void aSlowConsumerHoldsTheProviderBackInsteadOfBufferingTheWholeAnswer() {
		int frames = 20_000;
		java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
		String frame = StreamFrames.openAiChunk("{\"content\":\"" + "x".repeat(1000) + "\"}", "null");
		this.first.answer(FakeLlmServer.flood(StreamFrames.SSE, frame, frames, sent));
		Built built = build();
		StepVerifier.create(built.client().stream(ChatRequest.of("hi")), 1)
			.expectNextCount(1)
			.thenAwait(Duration.ofMillis(500))
			.then(() -> assertThat(sent.get()).as("frames sent while the consumer waited").isLessThan(frames / 2))
			.thenRequest(Long.MAX_VALUE)
			.expectNextCount(frames - 1)
			.expectError(StreamInterruptedException.class)
			.verify(LIMIT);
		assertThat(sent.get()).isEqualTo(frames);
	}

	@Test
	void aLongHealthyStreamOutlivesTheAttemptTimeout() {
		// The first token comes after two gaps (well inside the attempt timeout, even on
		// a loaded machine); the whole stream lasts twice the attempt timeout.
		String[] tokens = new String[25];
		java.util.Arrays.fill(tokens, "t");
		this.first.answer(stream(StreamFrames.SSE, StreamFrames.openAi(tokens), Duration.ofMillis(120)));
		Duration attemptTimeout = Duration.ofMillis(1500);
		Built built = build(this.first.baseUrl(), attemptTimeout);
		long start = System.nanoTime();
		List<ChatChunk> chunks = built.client().stream(ChatRequest.of("hi")).collectList().block(LIMIT);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(attemptTimeout.multipliedBy(2));
		assertThat(text(chunks)).hasSize(25);
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.provider()).isEqualTo("first"));
	}

	@Test
	void theDeadlineBoundsTheWaitForTheFirstTokenOnly() {
		this.first.answer(silentAfterHeaders(StreamFrames.SSE));
		this.second.answer(silentAfterHeaders(StreamFrames.SSE));
		Built built = new FailoverHarness().provider("first", this.first.baseUrl(), 0, 1, FailoverHarnessHttp::openAi)
			.provider("second", this.second.baseUrl(), 0, 1, FailoverHarnessHttp::openAi)
			.policy(FailoverHarness.policy(5, Duration.ofMillis(700), Duration.ofMillis(500)))
			.build();
		StepVerifier.create(built.client().stream(ChatRequest.of("hi")))
			.expectError(FailoverTimeoutException.class)
			.verify(LIMIT);
	}

	@Test
	void whenEveryProviderFailsBeforeItsFirstTokenTheStreamFailsWithAllAttempts() {
		this.first.answer(status(500, "{}"));
		this.second.answer(status(502, "{}"));
		StepVerifier.create(build().client().stream(ChatRequest.of("hi")))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(AllProvidersFailedException.class)
				.hasMessageContaining("first")
				.hasMessageContaining("second"))
			.verify(LIMIT);
	}

	private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + LIMIT.toNanos();
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(condition.getAsBoolean()).isTrue();
	}

	/**
	 * Real HTTP clients for the harness.
	 */
	static final class FailoverHarnessHttp {

		static io.github.llmfailover.provider.ProviderClient openAi(
				io.github.llmfailover.provider.ProviderSettings settings) {
			return OpenAiProviderClient.factory().create(settings, WebClient.builder());
		}

	}

}
