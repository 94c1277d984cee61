package io.github.llmfailover.autoconfigure;

import java.time.Duration;

import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.test.FakeLlmServer;

import static io.github.llmfailover.test.FakeLlmServer.hang;
import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hedged requests as the auto-configuration wires them: off unless enabled or asked for
 * by a request, counted in {@code llm.failover.hedges}, and bad settings stop start-up
 * naming the property.
 */
class HedgingEndToEndTests {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private final FakeLlmServer slow = new FakeLlmServer().answer(hang());

	private final FakeLlmServer fast = new FakeLlmServer().answer(openAiAnswer("from fast"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LlmFailoverAutoConfiguration.class, LlmFailoverMetricsAutoConfiguration.class,
						MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
						SimpleMetricsExportAutoConfiguration.class, HttpClientAutoConfiguration.class,
						ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
						CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class))
		.withPropertyValues("llm.failover.attempt-timeout=3s", "llm.failover.providers.slow.type=openai",
				"llm.failover.providers.slow.base-url=" + this.slow.baseUrl(),
				"llm.failover.providers.slow.model=gpt-4o-mini", "llm.failover.providers.fast.type=openai",
				"llm.failover.providers.fast.base-url=" + this.fast.baseUrl(),
				"llm.failover.providers.fast.model=gpt-4o-mini", "llm.failover.providers.fast.priority=1");

	@AfterEach
	void stop() {
		this.slow.close();
		this.fast.close();
	}

	@Test
	void enabledASlowRequestIsHedgedAndCounted() {
		this.runner.withPropertyValues("llm.failover.hedging.enabled=true", "llm.failover.hedging.delay=100ms")
			.run((context) -> {
				FailoverChatClient client = context.getBean(FailoverChatClient.class);
				assertThat(client.chat(ChatRequest.of("hi")).block(LIMIT).provider()).isEqualTo("fast");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("llm.failover.hedges").tag("result", "sent").functionCounter().count())
					.isEqualTo(1);
				assertThat(meters.get("llm.failover.hedges").tag("result", "won").functionCounter().count())
					.isEqualTo(1);
				assertThat(meters.get("llm.failover.hedges").tag("result", "cancelled").functionCounter().count())
					.isEqualTo(1);
			});
	}

	@Test
	void offByDefaultButARequestMayAskWithTheConfiguredDelay() {
		this.runner.withPropertyValues("llm.failover.hedging.delay=100ms").run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			ChatRequest asking = ChatRequest.builder().user("hi").hedging(true).build();
			assertThat(client.chat(asking).block(LIMIT).attempts()).hasSize(1);
			// Not asking: the slow provider's attempt times out first, then failover.
			assertThat(client.chat(ChatRequest.of("hi")).block(LIMIT).attempts()).hasSize(2);
		});
	}

	@Test
	void badSettingsStopStartUpNamingTheProperty() {
		this.runner
			.withPropertyValues("llm.failover.hedging.delay=0ms", "llm.failover.hedging.percentile=100",
					"llm.failover.hedging.budget-percent=-1")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("llm.failover.hedging.delay is PT0S")
					.hasMessageContaining("llm.failover.hedging.percentile is 100.0")
					.hasMessageContaining("llm.failover.hedging.budget-percent is -1.0");
			});
	}

}
