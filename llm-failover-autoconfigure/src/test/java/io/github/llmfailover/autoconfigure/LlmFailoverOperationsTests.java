package io.github.llmfailover.autoconfigure;

import java.time.Duration;

import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.llmfailover.actuate.LlmProvidersEndpoint;
import io.github.llmfailover.actuate.LlmProvidersHealthIndicator;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.observation.TokenUsageObservationHandler;
import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.StreamFrames;
import io.github.llmfailover.test.TestAutoConfigurations;

import static io.github.llmfailover.test.FakeLlmServer.anthropicAnswer;
import static io.github.llmfailover.test.FakeLlmServer.hang;
import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operations side auto-configured as an application with Actuator and Micrometer gets
 * it: endpoint, health contributor, and the meters that say why traffic moved.
 */
class LlmFailoverOperationsTests {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private final FakeLlmServer openai = new FakeLlmServer().answer(openAiAnswer("from openai"));

	private final FakeLlmServer anthropic = new FakeLlmServer().answer(anthropicAnswer("from anthropic"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.FAILOVER)
		.withConfiguration(TestAutoConfigurations.METRICS)
		.withConfiguration(AutoConfigurations.of(LlmProvidersEndpointAutoConfiguration.class,
				LlmProvidersHealthAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				CircuitBreakerMetricsAutoConfiguration.class))
		.withPropertyValues("llm.failover.providers.openai.type=openai",
				"llm.failover.providers.openai.base-url=" + this.openai.baseUrl(),
				"llm.failover.providers.openai.api-key=sk-openai", "llm.failover.providers.openai.model=gpt-4o-mini",
				"llm.failover.providers.openai.weight=1000", "llm.failover.providers.anthropic.type=anthropic",
				"llm.failover.providers.anthropic.base-url=" + this.anthropic.rootUrl(),
				"llm.failover.providers.anthropic.api-key=sk-ant",
				"llm.failover.providers.anthropic.model=claude-haiku-4-5",
				"llm.failover.providers.anthropic.priority=1");

	@AfterEach
	void stop() {
		this.openai.close();
		this.anthropic.close();
	}

	@Test
	void theEndpointExistsOnlyWhenExposedAndTheHealthContributorUnlessTurnedOff() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(LlmProvidersEndpoint.class);
			assertThat(context).hasBean("llmProvidersHealthIndicator");
			assertThat(context).hasSingleBean(TokenUsageObservationHandler.class);
		});
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=llmproviders",
					"management.health.llmproviders.enabled=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(LlmProvidersEndpoint.class);
				assertThat(context).doesNotHaveBean(LlmProvidersHealthIndicator.class);
			});
	}

	@Test
	void aServedRequestIsTimedWithItsProviderAndItsTokensCounted() {
		this.runner.run((context) -> {
			chat(context.getBean(FailoverChatClient.class));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("llm.failover.requests")
				.tags("outcome", "success", "provider", "openai", "operation", "chat")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("llm.failover.attempts")
				.tags("provider", "openai", "outcome", "success")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("gen_ai.client.token.usage")
				.tags("gen_ai.token.type", "output", "gen_ai.provider.name", "openai", "provider", "openai",
						"gen_ai.response.model", "gpt-4o-mini", "gen_ai.operation.name", "chat")
				.summary()
				.totalAmount()).isEqualTo(2);
			assertThat(
					meters.get("gen_ai.client.token.usage").tags("gen_ai.token.type", "input").summary().totalAmount())
				.isEqualTo(5);
		});
	}

	@Test
	void aFailoverShowsTheFailureClassOnTheAttemptsTimer() {
		this.openai.answer(status(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
		this.runner.run((context) -> {
			chat(context.getBean(FailoverChatClient.class));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("llm.failover.attempts")
				.tags("provider", "openai", "outcome", "server_error")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("llm.failover.requests")
				.tags("outcome", "success", "provider", "anthropic")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void aClientErrorAndNoProviderAreTaggedSo() {
		this.openai.answer(status(400, "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}"));
		this.runner.run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			chat(client);
			ProviderRegistry registry = context.getBean(ProviderRegistry.class);
			registry.providers().forEach((provider) -> registry.update(provider.name(), ProviderChange.enabled(false)));
			chat(client);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("llm.failover.requests")
				.tags("outcome", "client_error", "provider", "none")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("llm.failover.attempts").tags("outcome", "client_error").timer().count())
				.isEqualTo(1);
			assertThat(meters.get("llm.failover.requests").tags("outcome", "no_provider").timer().count()).isEqualTo(1);
		});
	}

	@Test
	void aCallTheCircuitRefusesIsTaggedCircuitOpenAndFailsOver() {
		this.openai.answer(hang());
		this.runner
			.withPropertyValues("llm.failover.providers.openai.circuit-breaker.permitted-calls-in-half-open-state=1")
			.run((context) -> {
				FailoverChatClient client = context.getBean(FailoverChatClient.class);
				io.github.resilience4j.circuitbreaker.CircuitBreaker breaker = context
					.getBean(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.class)
					.circuitBreaker("openai");
				breaker.transitionToOpenState();
				breaker.transitionToHalfOpenState();
				// The one trial call the half-open circuit allows, held open by the
				// hanging server.
				Disposable trial = client.chat(ChatRequest.of("trial")).subscribe();
				await().atMost(LIMIT).until(() -> this.openai.requests() == 1);
				assertThat(client.chat(ChatRequest.of("hi")).block(LIMIT).provider()).isEqualTo("anthropic");
				trial.dispose();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("llm.failover.attempts")
					.tags("provider", "openai", "outcome", "circuit_open")
					.timer()
					.count()).isEqualTo(1);
				assertThat(meters.get("llm.failover.requests").tags("outcome", "cancelled").timer().count())
					.isEqualTo(1);
			});
	}

	@Test
	void aStreamCountsItsFinalUsage() {
		this.openai
			.answer(FakeLlmServer.stream(StreamFrames.SSE, StreamFrames.openAi("a", "b", "c"), Duration.ofMillis(5)));
		this.runner.run((context) -> {
			context.getBean(FailoverChatClient.class).stream(ChatRequest.of("hi")).blockLast(LIMIT);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("llm.failover.requests")
				.tags("operation", "stream", "outcome", "success")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("gen_ai.client.token.usage")
				.tags("gen_ai.token.type", "output", "provider", "openai", "gen_ai.response.model", "gpt-4o-mini")
				.summary()
				.totalAmount()).isEqualTo(3);
		});
	}

	@Test
	void resilience4jMetersExistForEveryProviderBreaker() {
		this.runner.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "openai").gauges()).isNotEmpty();
			assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "anthropic").gauges()).isNotEmpty();
		});
	}

	@Test
	void credentialsInABaseUrlAreMaskedInTheEndpointHealthAndErrors() {
		String baseUrl = this.openai.baseUrl().replace("://", "://bob:s3cret-pw@");
		this.openai.answer(status(500, "{\"error\":{\"message\":\"proxy " + baseUrl + " failed for bob:s3cret-pw\"}}"));
		this.runner
			.withPropertyValues("llm.failover.providers.openai.base-url=" + baseUrl,
					"management.endpoints.web.exposure.include=llmproviders")
			.run((context) -> {
				chat(context.getBean(FailoverChatClient.class));
				assertThat(this.openai.requests()).isEqualTo(1);
				LlmProvidersEndpoint.ProvidersDescriptor providers = context.getBean(LlmProvidersEndpoint.class)
					.providers();
				String shown = JsonMapper.builder().build().writeValueAsString(providers);
				String health = JsonMapper.builder()
					.build()
					.writeValueAsString(context.getBean(LlmProvidersHealthIndicator.class).health(true));
				assertThat(providers.providers().get(0).baseUrl()).startsWith("http://******@127.0.0.1:");
				assertThat(providers.providers().get(0).lastError()).isNotNull();
				assertThat(shown + health + context.getBean(ProviderRegistry.class).find("openai").orElseThrow())
					.contains("******")
					.doesNotContain("s3cret-pw");
			});
	}

	private static void chat(FailoverChatClient client) {
		client.chat(ChatRequest.of("hi")).onErrorResume((ex) -> Mono.empty()).block(LIMIT);
	}

}
