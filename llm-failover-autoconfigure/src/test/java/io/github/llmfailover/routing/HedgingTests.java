package io.github.llmfailover.routing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.provider.openai.OpenAiProviderClient;
import io.github.llmfailover.routing.FailoverHarness.Built;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.FakeLlmServer.Answer;
import io.github.llmfailover.test.StreamFrames;

import static io.github.llmfailover.test.FakeLlmServer.hang;
import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.stream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hedged requests over real HTTP: a slow first attempt gets a second provider after the
 * delay, the first answer wins, and the loser's connection is closed at the server.
 */
class HedgingTests {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private static final Duration DELAY = Duration.ofMillis(100);

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private final FakeLlmServer first = new FakeLlmServer();

	private final FakeLlmServer second = new FakeLlmServer().answer(openAiAnswer("from second"));

	@AfterEach
	void stop() {
		this.first.close();
		this.second.close();
	}

	@Test
	void aSlowFirstAttemptIsHedgedTheHedgeWinsAndTheSlowCallIsCancelledAtTheServer() throws Exception {
		this.first.answer(hang());
		Built built = harness(Hedging.of(true, DELAY, 95, 10)).build();
		long start = System.nanoTime();
		ChatResponse answer = built.client().chat(REQUEST).block(LIMIT);
		assertThat(answer.provider()).isEqualTo("second");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(this.first.connectionClosed().await(5, TimeUnit.SECONDS)).isTrue();
		HedgeBudget budget = built.client().hedging().budget();
		assertThat(budget.hedgesSent()).isEqualTo(1);
		assertThat(budget.hedgesWon()).isEqualTo(1);
		assertThat(budget.callsCancelled()).isEqualTo(1);
	}

	@Test
	void whenTheFirstAnswersWhileTheHedgeIsInFlightTheHedgeIsCancelled() throws Exception {
		this.first.answer(delayed(openAiAnswer("from first"), Duration.ofMillis(400)));
		this.second.answer(hang());
		Built built = harness(Hedging.of(true, DELAY, 95, 10)).build();
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("first");
		assertThat(this.second.connectionClosed().await(5, TimeUnit.SECONDS)).isTrue();
		HedgeBudget budget = built.client().hedging().budget();
		assertThat(budget.hedgesSent()).isEqualTo(1);
		assertThat(budget.hedgesWon()).isZero();
		assertThat(budget.callsCancelled()).isEqualTo(1);
	}

	@Test
	void anAnswerWithinTheDelayIsNotHedged() {
		this.first.answer(openAiAnswer("from first"));
		Built built = harness(Hedging.of(true, Duration.ofSeconds(2), 95, 10)).build();
		for (int i = 0; i < 5; i++) {
			assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("first");
		}
		assertThat(this.second.requests()).isZero();
		assertThat(built.client().hedging().budget().hedgesSent()).isZero();
	}

	@Test
	void aStreamIsHedgedBeforeItsFirstTokenOnly() {
		// The first token comes after the delay: hedged, and the hedge's stream wins.
		this.first.answer(stream(StreamFrames.SSE, StreamFrames.openAi("slow"), Duration.ofSeconds(3)));
		this.second.answer(stream(StreamFrames.SSE, StreamFrames.openAi("fast"), Duration.ofMillis(5)));
		Built built = harness(Hedging.of(true, Duration.ofMillis(500), 95, 10)).build();
		List<ChatChunk> chunks = built.client().stream(REQUEST).collectList().block(LIMIT);
		assertThat(chunks).extracting(ChatChunk::provider).containsOnly("second");
		// The first token within the delay, the rest slow: never hedged.
		this.first.answer(stream(StreamFrames.SSE, StreamFrames.openAi("a", "b", "c"), Duration.ofMillis(50)));
		int secondCalls = this.second.requests();
		chunks = built.client().stream(REQUEST).collectList().block(LIMIT);
		assertThat(chunks).extracting(ChatChunk::provider).containsOnly("first");
		assertThat(this.second.requests()).isEqualTo(secondCalls);
		assertThat(built.client().hedging().budget().hedgesSent()).isEqualTo(1);
	}

	@Test
	void neverToAnOpenCircuit() {
		this.first.answer(delayed(openAiAnswer("from first"), Duration.ofMillis(400)));
		Built built = harness(Hedging.of(true, DELAY, 95, 10)).build();
		built.registry().update("second", ProviderChange.circuitState(State.FORCED_OPEN));
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("first");
		assertThat(this.second.requests()).isZero();
		assertThat(built.client().hedging().budget().hedgesSent()).isZero();
	}

	@Test
	void theBudgetCapsHedgesAtItsBucket() {
		this.first.answer(delayed(openAiAnswer("from first"), Duration.ofMillis(150)));
		this.second.answer(hang());
		// No share of requests: only the bucket's first 10 hedges.
		Built built = harness(Hedging.of(true, Duration.ofMillis(20), 95, 0)).build();
		for (int i = 0; i < 12; i++) {
			assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("first");
		}
		assertThat(built.client().hedging().budget().hedgesSent()).isEqualTo(Hedging.BUCKET_CAPACITY);
	}

	@Test
	void requestsChooseForThemselves() {
		this.first.answer(hang());
		Built built = harness(Hedging.of(false, DELAY, 95, 10)).build();
		ChatRequest hedged = ChatRequest.builder().user("Hello").hedging(true).build();
		assertThat(built.client().chat(hedged).block(LIMIT).provider()).isEqualTo("second");
		Built hedgingAll = harness(Hedging.of(true, DELAY, 95, 10))
			.policy(FailoverHarness.policy(3, Duration.ofSeconds(10), Duration.ofMillis(500)))
			.build();
		ChatRequest notHedged = ChatRequest.builder().user("Hello").hedging(false).build();
		// Not hedged: the first attempt times out, then the request fails over.
		ChatResponse answer = hedgingAll.client().chat(notHedged).block(LIMIT);
		assertThat(answer.attempts()).hasSize(2);
		assertThat(hedgingAll.client().hedging().budget().hedgesSent()).isZero();
		assertThat(Hedging.off().appliesTo(hedged)).isFalse();
	}

	@Test
	void withoutAFixedDelayAProviderIsHedgedAtThePercentileOfItsRecentLatencyOnceItHasEnoughAnswers() {
		this.first.answer(openAiAnswer("from first"));
		Built built = harness(Hedging.of(true, null, 95, 100)).build();
		for (int i = 0; i < LatencyStats.MIN_SAMPLES; i++) {
			built.client().chat(REQUEST).block(LIMIT);
		}
		assertThat(built.client().hedging().budget().hedgesSent()).isZero();
		Duration p95 = built.provider("first").latency().percentile(95);
		assertThat(p95).isLessThan(Duration.ofSeconds(1));
		this.first.answer(hang());
		long start = System.nanoTime();
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("second");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(built.client().hedging().budget().hedgesSent()).isEqualTo(1);
	}

	private FailoverHarness harness(Hedging hedging) {
		return new FailoverHarness().hedging(hedging)
			.provider("first", this.first.baseUrl(), 0, 1,
					(settings) -> OpenAiProviderClient.factory().create(settings, WebClient.builder()))
			.provider("second", this.second.baseUrl(), 1, 1,
					(settings) -> OpenAiProviderClient.factory().create(settings, WebClient.builder()));
	}

	private static Answer delayed(Answer answer, Duration delay) {
		return (response) -> Mono.delay(delay).then(Mono.from(answer.respond(response)));
	}

}
