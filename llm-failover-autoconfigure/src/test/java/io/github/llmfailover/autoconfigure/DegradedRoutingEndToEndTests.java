package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.llmfailover.actuate.LlmProvidersEndpoint;
import io.github.llmfailover.actuate.LlmProvidersEndpoint.ProvidersDescriptor;
import io.github.llmfailover.actuate.LlmProvidersHealthIndicator;
import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.RoutedProviderAccess;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.StreamFrames;
import io.github.llmfailover.test.TestAutoConfigurations;

import static io.github.llmfailover.test.FakeLlmServer.anthropicAnswer;
import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Panic routing and the retry budget, auto-configured, against providers on real HTTP
 * servers, as operators see them: the endpoint, the health details, the meters and the
 * log.
 */
@ExtendWith(OutputCaptureExtension.class)
class DegradedRoutingEndToEndTests {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private static final Duration STEP = Duration.ofMillis(5);

	private static final String OVERLOADED = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";

	private final FakeLlmServer openai = new FakeLlmServer().answer(openAiAnswer("from openai"));

	private final FakeLlmServer anthropic = new FakeLlmServer().answer(anthropicAnswer("from anthropic"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.FAILOVER)
		.withConfiguration(AutoConfigurations.of(LlmFailoverMetricsAutoConfiguration.class,
				LlmProvidersEndpointAutoConfiguration.class, LlmProvidersHealthAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=llmproviders",
				"llm.failover.backoff.initial=10ms", "llm.failover.backoff.max=20ms",
				"llm.failover.circuit-breaker.sliding-window-size=4",
				"llm.failover.circuit-breaker.minimum-number-of-calls=4", "llm.failover.providers.openai.type=openai",
				"llm.failover.providers.openai.base-url=" + this.openai.baseUrl(),
				"llm.failover.providers.openai.api-key=sk-openai", "llm.failover.providers.openai.model=gpt-4o-mini",
				"llm.failover.providers.anthropic.type=anthropic",
				"llm.failover.providers.anthropic.base-url=" + this.anthropic.rootUrl(),
				"llm.failover.providers.anthropic.api-key=sk-ant",
				"llm.failover.providers.anthropic.model=claude-haiku-4-5");

	@AfterEach
	void stop() {
		this.openai.close();
		this.anthropic.close();
	}

	@Test
	void whenEveryCircuitOpensRequestsAreStillServedAndOperatorsSeeIt(CapturedOutput output) {
		this.openai.answer(status(503, OVERLOADED));
		this.anthropic.answer(status(503, OVERLOADED));
		this.runner.withPropertyValues("llm.failover.circuit-breaker.wait-duration-in-open-state=3s").run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			ProviderRegistry registry = context.getBean(ProviderRegistry.class);
			while (!registry.providers().stream().allMatch((p) -> p.circuitState() == State.OPEN)) {
				client.chat(ChatRequest.of("hi")).onErrorResume((ex) -> Mono.empty()).block(LIMIT);
			}
			this.openai.answer(openAiAnswer("from openai"));
			this.anthropic.answer(anthropicAnswer("from anthropic"));
			int before = this.openai.requests() + this.anthropic.requests();
			for (int i = 0; i < 10; i++) {
				assertThat(client.chat(ChatRequest.of("hi")).block(LIMIT).content()).startsWith("from ");
			}
			this.openai.answer(FakeLlmServer.stream(StreamFrames.SSE, StreamFrames.openAi("a", "b"), STEP));
			this.anthropic.answer(FakeLlmServer.stream(StreamFrames.SSE, StreamFrames.anthropic("a", "b"), STEP));
			ChatChunk last = client.stream(ChatRequest.of("hi")).blockLast(LIMIT);
			assertThat(last.isLast()).isTrue();
			this.openai.answer(openAiAnswer("from openai"));
			this.anthropic.answer(anthropicAnswer("from anthropic"));
			assertThat(this.openai.requests() + this.anthropic.requests() - before).isEqualTo(11);
			assertThat(registry.providers()).allMatch((p) -> p.circuitState() == State.OPEN);

			ProvidersDescriptor view = context.getBean(LlmProvidersEndpoint.class).providers();
			assertThat(view.panic().active()).isTrue();
			assertThat(view.panic().since()).isNotNull();
			assertThat(view.panic().routedAttempts()).isGreaterThanOrEqualTo(11);
			assertThat(view.providers()).allMatch((provider) -> provider.share() == 0.5);
			Health health = context.getBean(LlmProvidersHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(LlmProvidersHealthIndicator.DEGRADED);
			assertThat(health.getDetails()).containsEntry("panicRouting", true);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("llm.failover.panic.active").tags("group", "default").gauge().value()).isEqualTo(1);
			assertThat(meters.get("llm.failover.panic.attempts").tags("group", "default").functionCounter().count())
				.isGreaterThanOrEqualTo(11);

			// After the open wait the circuits half-open, their trial calls succeed,
			// and routing is back to normal.
			await().atMost(LIMIT).untilAsserted(() -> {
				client.chat(ChatRequest.of("hi")).block(LIMIT);
				assertThat(registry.panic().isActive()).isFalse();
			});
			assertThat(meters.get("llm.failover.panic.active").tags("group", "default").gauge().value()).isZero();
			assertThat(context.getBean(LlmProvidersEndpoint.class).providers().panic().active()).isFalse();
		});
		assertThat(output.getOut().split("routing requests anyway", -1)).hasSize(2);
		assertThat(output.getOut().split("Panic routing ended", -1)).hasSize(2);
	}

	@Test
	void providersCoolingDownDisabledAtWeightZeroOrForcedOpenNeverTakePartInPanic() {
		this.openai.answer(status(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}",
				Map.of("retry-after", "30")));
		this.runner
			.withPropertyValues("llm.failover.providers.openai.priority=0",
					"llm.failover.providers.anthropic.priority=1")
			.run((context) -> {
				FailoverChatClient client = context.getBean(FailoverChatClient.class);
				ProviderRegistry registry = context.getBean(ProviderRegistry.class);
				LlmProvidersEndpoint endpoint = context.getBean(LlmProvidersEndpoint.class);
				// openai asks to back off for 30 s; then both circuits open.
				assertThat(client.chat(ChatRequest.of("hi")).block(LIMIT).provider()).isEqualTo("anthropic");
				for (String name : List.of("openai", "anthropic")) {
					RoutedProviderAccess.circuitBreaker(registry, name).transitionToOpenState();
				}
				int before = this.openai.requests() + this.anthropic.requests();

				endpoint.update("anthropic", null, "false", null, null);
				assertThat(failsFast(client)).isTrue();
				endpoint.update("anthropic", "0", "true", null, null);
				assertThat(failsFast(client)).isTrue();
				endpoint.update("anthropic", "1", null, null, null);
				assertThat(client.chat(ChatRequest.of("hi")).block(LIMIT).provider()).isEqualTo("anthropic");
				endpoint.update("anthropic", null, null, "FORCED_OPEN", null);
				assertThat(failsFast(client)).isTrue();

				assertThat(this.openai.requests()).as("calls to the provider cooling down").isEqualTo(1);
				assertThat(this.openai.requests() + this.anthropic.requests() - before).isEqualTo(1);
			});
	}

	@Test
	void theRetryBudgetBoundsCallsWhileEveryProviderIsDownAndRefills() {
		this.openai.answer(status(503, OVERLOADED));
		this.anthropic.answer(status(503, OVERLOADED));
		this.runner
			.withPropertyValues("llm.failover.retry-budget.percent=0",
					"llm.failover.retry-budget.min-retries-per-second=2", "llm.failover.retry-budget.window=1s",
					"llm.failover.circuit-breaker.sliding-window-size=100",
					"llm.failover.circuit-breaker.minimum-number-of-calls=100")
			.run((context) -> {
				FailoverChatClient client = context.getBean(FailoverChatClient.class);
				LlmProvidersEndpoint endpoint = context.getBean(LlmProvidersEndpoint.class);
				assertThat(endpoint.providers().retryBudget().available()).isEqualTo(2);
				assertThat(upstreamCalls(client)).isEqualTo(3);
				assertThat(upstreamCalls(client)).isEqualTo(1);
				assertThat(upstreamCalls(client)).isEqualTo(1);
				assertThat(endpoint.providers().retryBudget().available()).isZero();
				assertThat(endpoint.providers().retryBudget().rejected()).isEqualTo(2);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("llm.failover.retry.budget.rejected").functionCounter().count()).isEqualTo(2);
				assertThat(meters.get("llm.failover.retry.budget.available").gauge().value()).isZero();
				await().atMost(LIMIT)
					.untilAsserted(() -> assertThat(endpoint.providers().retryBudget().available()).isEqualTo(2));
				assertThat(upstreamCalls(client)).isEqualTo(3);
			});
	}

	@Test
	void withTheBudgetOffEveryRequestMayMakeAllItsAttempts() {
		this.openai.answer(status(503, OVERLOADED));
		this.anthropic.answer(status(503, OVERLOADED));
		this.runner
			.withPropertyValues("llm.failover.retry-budget.enabled=false",
					"llm.failover.circuit-breaker.sliding-window-size=100",
					"llm.failover.circuit-breaker.minimum-number-of-calls=100")
			.run((context) -> {
				FailoverChatClient client = context.getBean(FailoverChatClient.class);
				for (int i = 0; i < 5; i++) {
					assertThat(upstreamCalls(client)).isEqualTo(3);
				}
				assertThat(context.getBean(LlmProvidersEndpoint.class).providers().retryBudget().limited()).isFalse();
				assertThat(context.getBean(MeterRegistry.class).find("llm.failover.retry.budget.available").gauge())
					.isNull();
			});
	}

	@Test
	void aBadBudgetStopsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("llm.failover.retry-budget.percent=-5", "llm.failover.retry-budget.window=10ms")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("llm.failover.retry-budget.percent is -5.0")
					.hasMessageContaining("llm.failover.retry-budget.window is PT0.01S");
			});
	}

	private static boolean failsFast(FailoverChatClient client) {
		return client.chat(ChatRequest.of("hi"))
			.map((response) -> false)
			.onErrorReturn(NoProviderAvailableException.class, true)
			.block(LIMIT);
	}

	private int upstreamCalls(FailoverChatClient client) {
		int before = this.openai.requests() + this.anthropic.requests();
		client.chat(ChatRequest.of("hi"))
			.onErrorResume(AllProvidersFailedException.class, (ex) -> Mono.empty())
			.block(LIMIT);
		return this.openai.requests() + this.anthropic.requests() - before;
	}

}
