package io.github.llmfailover.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.provider.openai.OpenAiProviderClient;
import io.github.llmfailover.routing.FailoverHarness.Built;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.FakeLlmServer.Answer;

import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing on the providers' rate-limit headers, over real HTTP: a provider whose headers
 * say its budget is spent, counting the calls in flight, leaves rotation until the
 * announced reset, before it answers 429.
 */
class RateLimitHeaderRoutingTests {

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private final FakeLlmServer limited = new FakeLlmServer();

	private final FakeLlmServer other = new FakeLlmServer().answer(openAiAnswer("from other"));

	@AfterEach
	void stop() {
		this.limited.close();
		this.other.close();
	}

	@Test
	void aProviderWhoseHeadersSayItsBudgetIsSpentLeavesRotationUntilTheResetWithoutA429() {
		this.limited.answer(windowOf(3, Duration.ZERO));
		FailoverHarness harness = harness();
		Built built = harness.build();
		List<String> served = serveSequentially(built, 6);
		assertThat(served).containsExactly("limited", "limited", "limited", "other", "other", "other");
		assertThat(this.limited.requests()).isEqualTo(3);
		ProviderSnapshot snapshot = built.snapshot("limited");
		assertThat(snapshot.inRotation()).isFalse();
		// The headers said "10s" (Go's notation): held until then.
		assertThat(snapshot.rateLimitedUntil()).isBetween(harness.clock.instant().plusSeconds(9),
				harness.clock.instant().plusSeconds(10));
		harness.clock.advance(Duration.ofSeconds(10));
		assertThat(built.snapshot("limited").inRotation()).isTrue();
	}

	@Test
	void withoutRoutingOnTheHeadersTheSameProviderAnswers429sThatCostAFailoverEach() {
		this.limited.answer(windowOf(3, Duration.ZERO));
		Built built = harness().headerRateLimits(HeaderRateLimits.off()).build();
		List<ChatResponse> answers = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			answers.add(built.client().chat(REQUEST).block(LIMIT));
		}
		// The 4th call meets the 429 (a Retry-After cooldown follows it): one failover.
		assertThat(answers.stream().mapToInt((answer) -> answer.attempts().size()).sum()).isEqualTo(7);
		assertThat(answers.get(3).attempts()).extracting(Attempt::status).containsExactly(429, 200);
	}

	@Test
	void callsInFlightCountAgainstWhatTheHeadersSayIsLeft() {
		// The first answer says 3 are left; then five requests at once, each answer
		// slow: the provider can take three of them, the other two go elsewhere.
		this.limited.answer(windowOf(4, Duration.ofMillis(300)));
		Built built = harness().build();
		assertThat(built.client().chat(REQUEST).block(LIMIT).provider()).isEqualTo("limited");
		List<String> served = Flux.range(0, 5)
			.flatMap((i) -> built.client().chat(REQUEST).map(ChatResponse::provider))
			.collectList()
			.block(LIMIT);
		assertThat(served).containsOnly("limited", "other");
		assertThat(served.stream().filter("limited"::equals)).hasSize(3);
		assertThat(this.limited.requests()).isEqualTo(4);
	}

	@Test
	void aLaterAnswerOfTheSameWindowSayingMoreIsLeftIsAnOlderOneAndIgnored() {
		HeaderRateLimits policy = HeaderRateLimits.of(0, 0, Duration.ofSeconds(60));
		FailoverHarness.MutableClock clock = new FailoverHarness().clock;
		List<Long> holds = new ArrayList<>();
		RateLimitHeadroom headroom = new RateLimitHeadroom(policy, clock, holds::add);
		headroom.observe(new io.github.llmfailover.provider.RateLimitStatus(1L, Duration.ofSeconds(10), null, null));
		headroom.observe(new io.github.llmfailover.provider.RateLimitStatus(5L, Duration.ofSeconds(10), null, null));
		assertThat(headroom.left().requests()).isEqualTo(1);
		headroom.track(Mono.just("call")).block();
		assertThat(holds).singleElement()
			.satisfies((until) -> assertThat(until - clock.millis()).isBetween(9_000L, 10_000L));
		// After the reset, a new window: its first report is taken as it is.
		clock.advance(Duration.ofSeconds(11));
		assertThat(headroom.left().requests()).isNull();
		headroom.observe(new io.github.llmfailover.provider.RateLimitStatus(5L, Duration.ofSeconds(10), null, null));
		assertThat(headroom.left().requests()).isEqualTo(5);
	}

	@Test
	void tokensLeftAreEstimatedFromWhatCallsUseAndTheHoldIsCappedByTheLongestHold() {
		HeaderRateLimits policy = HeaderRateLimits.of(0, 100, Duration.ofSeconds(30));
		FailoverHarness.MutableClock clock = new FailoverHarness().clock;
		List<Long> holds = new ArrayList<>();
		RateLimitHeadroom headroom = new RateLimitHeadroom(policy, clock, holds::add);
		headroom.recordTokens(200);
		headroom.observe(new io.github.llmfailover.provider.RateLimitStatus(null, null, 500L, Duration.ofMinutes(5)));
		headroom.track(Mono.just("call")).block();
		assertThat(holds).isEmpty();
		assertThat(headroom.left().tokens()).isEqualTo(300);
		headroom.track(Mono.just("call")).block();
		// 500 - 2 x 200 = 100: the reserve. Held, but not for the 5 minutes announced.
		assertThat(holds).singleElement()
			.satisfies((until) -> assertThat(until - clock.millis()).isBetween(29_000L, 30_000L));
	}

	@Test
	void aHoldIsHeardByTheListenersSoThatTheFleetCanShareIt() {
		this.limited.answer(windowOf(1, Duration.ZERO));
		List<String> heard = new ArrayList<>();
		Built built = harness().listener(new ProviderStateListener() {
			@Override
			public void rateLimitReached(String provider, Instant until) {
				heard.add(provider);
			}
		}).build();
		serveSequentially(built, 3);
		assertThat(heard).containsExactly("limited");
	}

	private FailoverHarness harness() {
		return new FailoverHarness()
			.provider("limited", this.limited.baseUrl(), 0, 1,
					(settings) -> OpenAiProviderClient.factory().create(settings, WebClient.builder()))
			.provider("other", this.other.baseUrl(), 1, 1,
					(settings) -> OpenAiProviderClient.factory().create(settings, WebClient.builder()));
	}

	private static List<String> serveSequentially(Built built, int count) {
		List<String> served = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ChatResponse answer = built.client().chat(REQUEST).block(LIMIT);
			assertThat(answer.attempts()).hasSize(1);
			served.add(answer.provider());
		}
		return served;
	}

	/**
	 * A provider allowing {@code limit} requests in a 10-second window, as OpenAI says it
	 * in its headers, and answering 429 beyond.
	 */
	private static Answer windowOf(int limit, Duration latency) {
		AtomicInteger used = new AtomicInteger();
		return (response) -> {
			int count = used.incrementAndGet();
			if (count > limit) {
				return status(429,
						"{\"error\":{\"message\":\"Rate limit reached for requests\","
								+ "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}",
						Map.of("retry-after", "1", "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests",
								"10s"))
					.respond(response);
			}
			response.header("x-ratelimit-limit-requests", Integer.toString(limit))
				.header("x-ratelimit-remaining-requests", Integer.toString(limit - count))
				.header("x-ratelimit-reset-requests", "10s");
			return Mono.delay(latency).then(Mono.from(openAiAnswer("from limited").respond(response)));
		};
	}

}
