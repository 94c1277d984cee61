package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.routing.HeaderRateLimits;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.test.FakeLlmServer;

import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing on rate-limit headers as the auto-configuration wires it: on by default, off by
 * a property, and a bad reserve stops start-up naming the property.
 */
class RateLimitHeadersEndToEndTests {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private final FakeLlmServer limited = new FakeLlmServer();

	private final FakeLlmServer other = new FakeLlmServer().answer(openAiAnswer("from other"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmFailoverAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class))
		.withPropertyValues("llm.failover.providers.limited.type=openai",
				"llm.failover.providers.limited.base-url=" + this.limited.baseUrl(),
				"llm.failover.providers.limited.model=gpt-4o-mini", "llm.failover.providers.other.type=openai",
				"llm.failover.providers.other.base-url=" + this.other.baseUrl(),
				"llm.failover.providers.other.model=gpt-4o-mini", "llm.failover.providers.other.priority=1");

	@AfterEach
	void stop() {
		this.limited.close();
		this.other.close();
	}

	@Test
	void aProviderAnnouncingItsLastRequestLeavesRotationAndItsSnapshotSaysUntilWhen() {
		this.limited.answer(lastRequestThen429());
		this.runner.run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			assertThat(client.chat(ChatRequest.of("hi")).block(LIMIT).provider()).isEqualTo("limited");
			ChatResponse second = client.chat(ChatRequest.of("hi")).block(LIMIT);
			assertThat(second.provider()).isEqualTo("other");
			assertThat(second.attempts()).hasSize(1);
			ProviderSnapshot descriptor = context.getBean(ProviderRegistry.class).find("limited").orElseThrow();
			assertThat(descriptor.inRotation()).isFalse();
			assertThat(descriptor.rateLimitedUntil()).isNotNull();
			assertThat(this.limited.requests()).isEqualTo(1);
		});
	}

	@Test
	void withTheHeadersIgnoredTheProviderIsCalledAndAnswers429() {
		this.limited.answer(lastRequestThen429());
		this.runner.withPropertyValues("llm.failover.rate-limit-headers.enabled=false").run((context) -> {
			assertThat(context.getBean(HeaderRateLimits.class)).isSameAs(HeaderRateLimits.off());
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			client.chat(ChatRequest.of("hi")).block(LIMIT);
			ChatResponse second = client.chat(ChatRequest.of("hi")).block(LIMIT);
			assertThat(second.attempts()).hasSize(2);
			assertThat(second.attempts().get(0).status()).isEqualTo(429);
		});
	}

	@Test
	void badSettingsStopStartUpNamingTheProperty() {
		this.runner
			.withPropertyValues("llm.failover.rate-limit-headers.reserve-requests=-1",
					"llm.failover.rate-limit-headers.max-hold=0s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("llm.failover.rate-limit-headers.reserve-requests is -1")
					.hasMessageContaining("llm.failover.rate-limit-headers.max-hold is PT0S");
			});
	}

	/** One request left in a window of 20 seconds; every later call gets a 429. */
	private static FakeLlmServer.Answer lastRequestThen429() {
		AtomicInteger calls = new AtomicInteger();
		return (response) -> {
			if (calls.incrementAndGet() > 1) {
				return status(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}",
						Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "20s"))
					.respond(response);
			}
			response.header("x-ratelimit-remaining-requests", "0").header("x-ratelimit-reset-requests", "20s");
			return openAiAnswer("from limited").respond(response);
		};
	}

}
