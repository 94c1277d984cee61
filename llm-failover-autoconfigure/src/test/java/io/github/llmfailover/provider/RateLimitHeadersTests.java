package io.github.llmfailover.provider;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.provider.anthropic.AnthropicProviderClient;
import io.github.llmfailover.provider.ollama.OllamaProviderClient;
import io.github.llmfailover.provider.openai.OpenAiProviderClient;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.FakeLlmServer.Answer;
import io.github.llmfailover.test.StreamFrames;

import static io.github.llmfailover.test.FakeLlmServer.anthropicAnswer;
import static io.github.llmfailover.test.FakeLlmServer.ollamaAnswer;
import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each wire format's rate-limit headers, read from real HTTP answers (whole, streamed and
 * errors) and reported to the observer routing puts in the call's context.
 */
class RateLimitHeadersTests {

	private static final Duration LIMIT = Duration.ofSeconds(5);

	private final FakeLlmServer server = new FakeLlmServer();

	private final List<RateLimitStatus> reported = new ArrayList<>();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void openAiRemainingAndResetsInGoDurationNotation() {
		assertThat(openAi("6m0s", "20ms"))
			.isEqualTo(new RateLimitStatus(59L, Duration.ofMinutes(6), 149_000L, Duration.ofMillis(20)));
		assertThat(openAi("1s", "1h2m3.5s").tokensResetIn()).isEqualTo(Duration.ofMillis(3_723_500));
		assertThat(openAi("0.5", "250us").requestsResetIn()).isEqualTo(Duration.ofMillis(500));
		assertThat(openAi("soon", "1x").requestsResetIn()).isNull();
		assertThat(this.reported.get(3).tokensResetIn()).isNull();
	}

	@Test
	void openAiStreamsAndErrorsReportToo() {
		this.server
			.answer(withHeaders(FakeLlmServer.stream(StreamFrames.SSE, StreamFrames.openAi("Hi"), Duration.ofMillis(1)),
					Map.of("x-ratelimit-remaining-requests", "7", "x-ratelimit-reset-requests", "2s")));
		observed(client(OpenAiProviderClient.factory(), this.server.baseUrl()).stream(ChatRequest.of("hi"))
			.then(Mono.just(1)));
		this.server.answer(status(429, "{\"error\":{\"message\":\"Rate limit\",\"type\":\"requests\"}}",
				Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "3s")));
		observed(client(OpenAiProviderClient.factory(), this.server.baseUrl()).complete(ChatRequest.of("hi"))
			.onErrorResume(ProviderException.class, (ex) -> Mono.empty()));
		assertThat(this.reported).extracting(RateLimitStatus::remainingRequests).containsExactly(7L, 0L);
		assertThat(this.reported).extracting(RateLimitStatus::requestsResetIn)
			.containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
	}

	@Test
	void anthropicRemainingWithResetsAsRfc3339Times() {
		Instant reset = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
		this.server.answer(withHeaders(anthropicAnswer("Hi"),
				Map.of("anthropic-ratelimit-requests-remaining", "49", "anthropic-ratelimit-requests-reset",
						reset.toString(), "anthropic-ratelimit-tokens-remaining", "18000",
						"anthropic-ratelimit-tokens-reset", "2020-01-01T00:00:00+02:00")));
		observed(client(AnthropicProviderClient.factory(), this.server.rootUrl()).complete(ChatRequest.of("hi")));
		RateLimitStatus status = this.reported.get(0);
		assertThat(status.remainingRequests()).isEqualTo(49);
		assertThat(status.requestsResetIn()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
		assertThat(status.remainingTokens()).isEqualTo(18_000);
		// A reset in the past means now.
		assertThat(status.tokensResetIn()).isZero();
	}

	@Test
	void answersWithoutHeadersAndOllamaReportNothing() {
		this.server.answer(openAiAnswer("Hi"));
		observed(client(OpenAiProviderClient.factory(), this.server.baseUrl()).complete(ChatRequest.of("hi")));
		this.server.answer(withHeaders(ollamaAnswer("Hi"), Map.of("x-ratelimit-remaining-requests", "3")));
		observed(client(OllamaProviderClient.factory(), this.server.rootUrl()).complete(ChatRequest.of("hi")));
		assertThat(this.reported).isEmpty();
	}

	private RateLimitStatus openAi(String requestsReset, String tokensReset) {
		this.server.answer(withHeaders(openAiAnswer("Hi"),
				Map.of("x-ratelimit-remaining-requests", "59", "x-ratelimit-reset-requests", requestsReset,
						"x-ratelimit-remaining-tokens", "149000", "x-ratelimit-reset-tokens", tokensReset)));
		observed(client(OpenAiProviderClient.factory(), this.server.baseUrl()).complete(ChatRequest.of("hi")));
		return this.reported.get(this.reported.size() - 1);
	}

	private void observed(Mono<?> call) {
		RateLimitObserver observer = this.reported::add;
		call.contextWrite(Context.of(RateLimitObserver.CONTEXT_KEY, observer)).block(LIMIT);
	}

	private static Answer withHeaders(Answer answer, Map<String, String> headers) {
		return (response) -> {
			headers.forEach(response::header);
			return answer.respond(response);
		};
	}

	private static ProviderClient client(ProviderClientFactory factory, String baseUrl) {
		return factory.create(
				new ProviderSettings("p", factory.type(), URI.create(baseUrl), "sk-secret", "m", Map.of(), null),
				WebClient.builder());
	}

}
