package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import io.github.llmfailover.actuate.LlmProvidersEndpoint;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.routing.LatencyAwareShares;
import io.github.llmfailover.routing.LatencyShare;
import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.FakeLlmServer.Answer;
import io.github.llmfailover.test.StreamFrames;

import static io.github.llmfailover.test.FakeLlmServer.status;
import static io.github.llmfailover.test.FakeLlmServer.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Latency-aware shares as the auto-configuration wires them, over real HTTP: off unless a
 * tier's strategy asks; on, a slow provider's traffic moves to the fast one and the
 * actuator says why, with each provider's rate-limit headers as last read.
 */
class LatencyAwareSharesEndToEndTests {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
			+ "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
			+ "\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
			+ "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}";

	private final FakeLlmServer fast = new FakeLlmServer()
		.answer(status(200, ANSWER, Map.of("x-ratelimit-remaining-requests", "4999", "x-ratelimit-reset-requests",
				"12ms", "x-ratelimit-remaining-tokens", "159000", "x-ratelimit-reset-tokens", "6m0s")));

	private final FakeLlmServer slow = new FakeLlmServer().answer(delayed(Duration.ofMillis(400)));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmFailoverAutoConfiguration.class,
				LlmProvidersEndpointAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=llmproviders",
				"llm.failover.providers.fast.type=openai",
				"llm.failover.providers.fast.base-url=" + this.fast.baseUrl(),
				"llm.failover.providers.fast.model=gpt-4o-mini", "llm.failover.providers.slow.type=openai",
				"llm.failover.providers.slow.base-url=" + this.slow.baseUrl(),
				"llm.failover.providers.slow.model=gpt-4o-mini");

	@AfterEach
	void stop() {
		this.fast.close();
		this.slow.close();
	}

	@Test
	void offByDefaultTheSharesFollowTheWeights() {
		this.runner.run((context) -> {
			ProviderRegistry registry = context.getBean(ProviderRegistry.class);
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			for (int i = 0; i < 12; i++) {
				client.chat(ChatRequest.of("hi")).block(LIMIT);
			}
			assertThat(registry.shares()).containsEntry("fast", 0.5).containsEntry("slow", 0.5);
			assertThat(registry.find("slow").orElseThrow().latencyShare()).isNull();
			// Latency is measured all the same, for the actuator.
			assertThat(registry.find("slow").orElseThrow().latency().answers()).isPositive();
		});
	}

	@Test
	void onTheSlowProviderLosesItsShareAndTheActuatorSaysWhy() {
		this.runner.withPropertyValues("llm.failover.routing.strategy=latency-aware").run((context) -> {
			ProviderRegistry registry = context.getBean(ProviderRegistry.class);
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			// Until both have answered five times, by weight.
			while (registry.find("slow").orElseThrow().latency().answers() < 5
					|| registry.find("fast").orElseThrow().latency().answers() < 5) {
				client.chat(ChatRequest.of("hi")).block(LIMIT);
			}
			LatencyShare slow = registry.find("slow").orElseThrow().latencyShare();
			assertThat(slow).isNotNull();
			assertThat(slow.configuredShare()).isEqualTo(0.5);
			// 400 ms against a few: far more than 5 times slower, so at the min share.
			assertThat(slow.effectiveShare()).isCloseTo(0.05, within(1e-9));
			assertThat(slow.reason()).matches("latency \\d+\\.\\dx the tier's fastest \\(per output token .+ ms vs "
					+ ".+ ms\\); held at the min share 0.05 to keep measuring it");
			int slowServed = 0;
			for (int i = 0; i < 30; i++) {
				if (client.chat(ChatRequest.of("hi")).block(LIMIT).provider().equals("slow")) {
					slowServed++;
				}
			}
			// 1.5 expected; by weight it would be 15.
			assertThat(slowServed).isLessThanOrEqualTo(6);
			JsonNode shown = JsonMapper.builder()
				.build()
				.valueToTree(context.getBean(LlmProvidersEndpoint.class).providers());
			JsonNode fast = provider(shown, "fast");
			assertThat(fast.get("share").asDouble()).isCloseTo(0.95, within(1e-9));
			assertThat(fast.get("latencyShare").get("effectiveShare").asDouble()).isCloseTo(0.95, within(1e-9));
			assertThat(fast.get("latencyShare").get("configuredShare").asDouble()).isEqualTo(0.5);
			assertThat(fast.get("latencyShare").get("reason").asString()).startsWith("the tier's fastest");
			assertThat(fast.get("latency").get("perOutputTokenMillis").asDouble()).isPositive();
			assertThat(fast.get("rateLimitHeaders").get("remainingRequests").asLong()).isEqualTo(4999);
			assertThat(fast.get("rateLimitHeaders").get("remainingTokens").asLong()).isEqualTo(159000);
			assertThat(fast.get("rateLimitHeaders").get("tokensResetAt").isNull()).isFalse();
			assertThat(provider(shown, "slow").get("rateLimitHeaders").isNull()).isTrue();
		});
	}

	@Test
	void streamsAreComparedByTheirTimeToFirstToken() {
		try (FakeLlmServer quick = new FakeLlmServer()
			.answer(stream(StreamFrames.SSE, StreamFrames.openAi("hi", "there"), Duration.ofMillis(1)));
				FakeLlmServer late = new FakeLlmServer()
					.answer(stream(StreamFrames.SSE, StreamFrames.openAi("hi", "there"), Duration.ofMillis(150)))) {
			this.runner
				.withPropertyValues("llm.failover.routing.strategy=latency-aware",
						"llm.failover.providers.fast.base-url=" + quick.baseUrl(),
						"llm.failover.providers.slow.base-url=" + late.baseUrl())
				.run((context) -> {
					ProviderRegistry registry = context.getBean(ProviderRegistry.class);
					FailoverChatClient client = context.getBean(FailoverChatClient.class);
					while (registry.find("slow").orElseThrow().latency().streams() < 5
							|| registry.find("fast").orElseThrow().latency().streams() < 5) {
						client.stream(ChatRequest.of("hi")).blockLast(LIMIT);
					}
					ProviderSnapshot slow = registry.find("slow").orElseThrow();
					// Its first text comes with the second frame, 300 ms in.
					assertThat(slow.latency().firstTokenMillis()).isGreaterThan(250);
					assertThat(slow.latency().answers()).isZero();
					assertThat(slow.latencyShare()).isNotNull();
					assertThat(slow.latencyShare().effectiveShare()).isLessThan(0.2);
					assertThat(slow.latencyShare().reason()).contains("the tier's fastest (ttft ");
				});
		}
	}

	@Test
	void theDefaultsAndAnApplicationsOwnStrategy() {
		this.runner.withPropertyValues("llm.failover.routing.strategy=latency-aware").run((context) -> {
			assertThat(context.getBean(LatencyAwareShares.class))
				.hasToString("LatencyAwareShares{halfLife=PT5S, maxFactor=2.0, minShare=0.05}");
			assertThat(context.getBean(ProviderRegistry.class).find("fast").orElseThrow().latencyShare()).isNotNull();
		});
		this.runner.withBean(LatencyAwareShares.class, LatencyAwareShares::off).run((context) -> {
			assertThat(context.getBean(LatencyAwareShares.class)).isSameAs(LatencyAwareShares.off());
			assertThat(context.getBean(ProviderRegistry.class).find("fast").orElseThrow().latencyShare()).isNull();
		});
	}

	@Test
	void aTierStrategyTurnsItOnForThatTierOnly() {
		this.runner
			.withPropertyValues("llm.failover.routing.tier-strategy.1=latency-aware",
					"llm.failover.providers.slow.priority=1", "llm.failover.providers.backup.type=openai",
					"llm.failover.providers.backup.base-url=" + this.fast.baseUrl(),
					"llm.failover.providers.backup.model=gpt-4o-mini", "llm.failover.providers.backup.priority=1")
			.run((context) -> {
				ProviderRegistry registry = context.getBean(ProviderRegistry.class);
				assertThat(registry.find("fast").orElseThrow().latencyShare()).isNull();
				registry.update("fast", ProviderChange.enabled(false));
				ProviderSnapshot backup = registry.find("backup").orElseThrow();
				assertThat(backup.latencyShare()).isNotNull();
				assertThat(backup.latencyShare().reason()).startsWith("latency not measured yet");
			});
	}

	private static JsonNode provider(JsonNode shown, String name) {
		for (JsonNode provider : shown.get("providers")) {
			if (provider.get("name").asString().equals(name)) {
				return provider;
			}
		}
		throw new AssertionError("No provider " + name + " in " + shown);
	}

	/** An OpenAI answer after a delay, without rate-limit headers. */
	private static Answer delayed(Duration delay) {
		return (response) -> Mono.delay(delay).then(Mono.from(status(200, ANSWER).respond(response)));
	}

}
