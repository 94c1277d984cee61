package io.github.llmfailover.springai;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.chat.observation.autoconfigure.ChatObservationAutoConfiguration;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.llmfailover.autoconfigure.LlmFailoverAutoConfiguration;
import io.github.llmfailover.autoconfigure.LlmFailoverMetricsAutoConfiguration;
import io.github.llmfailover.autoconfigure.LlmFailoverSpringAiAutoConfiguration;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.observation.TokenUsageObservationHandler;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.StreamFrames;

import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each call's tokens counted once when a {@code spring-ai} provider's model observes
 * itself: with Spring AI's chat observation auto-configuration, Spring AI's OpenAI model
 * pointed at a local server, and real meter registries (Prometheus, simple).
 */
class SpringAiTokenMetersTests {

	// The OpenAI SDK's first call in a JVM takes seconds on a loaded machine.
	private static final Duration LIMIT = Duration.ofSeconds(40);

	private final FakeLlmServer upstream = new FakeLlmServer().answer(openAiAnswer("Fine."));

	@AfterEach
	void stop() {
		this.upstream.close();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmFailoverAutoConfiguration.class,
					LlmFailoverSpringAiAutoConfiguration.class, LlmFailoverMetricsAutoConfiguration.class,
					ChatObservationAutoConfiguration.class, ObservationAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
					WebClientAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
					BulkheadAutoConfiguration.class))
			.withBean("upstreamUrl", String.class, this.upstream::baseUrl)
			.withUserConfiguration(ObservedModel.class)
			.withPropertyValues("llm.failover.providers.sai.type=spring-ai",
					"llm.failover.providers.sai.chat-model=openAiChatModel",
					"llm.failover.providers.sai.model=gpt-4o-mini");
	}

	@Test
	void aSpringAiProvidersTokensAreCountedOnceInOneMeter() {
		runner().withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
			.run((context) -> {
				context.getBean(FailoverChatClient.class).chat(ChatRequest.of("Hi")).block(LIMIT);

				PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
				// The answer had 5 input and 2 output tokens: without the fix, 10 and 4,
				// in Spring AI's counters besides llm-failover's summaries.
				assertThat(tokens(registry, "input")).isEqualTo(5);
				assertThat(tokens(registry, "output")).isEqualTo(2);
				assertThat(registry.find(TokenUsageObservationHandler.METER).meters())
					.allSatisfy((meter) -> assertThat(meter).isInstanceOf(DistributionSummary.class));
				assertThat(registry.scrape()).doesNotContain("gen_ai_client_token_usage_total")
					.containsPattern("gen_ai_client_token_usage_tokens_sum\\{[^}]*gen_ai_token_type=\"input\"[^}]*"
							+ "provider=\"sai\"[^}]*} 5.0");
				assertThat(context).getBean(ChatModelMeterObservationHandler.class)
					.isInstanceOf(FailoverAwareChatModelMeterObservationHandler.class);
				// The model still observed itself, as a child of the attempt (its span).
				assertThat(context.getBean(RecordedObservations.class).modelCalls).singleElement()
					.satisfies(
							(call) -> assertThat(FailoverAwareChatModelMeterObservationHandler.isInsideAnAttempt(call))
								.isTrue());
			});
	}

	@Test
	void aStreamOfASpringAiProviderIsCountedOnce() {
		runner().withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("llm.failover.attempt-timeout=25s")
			.run((context) -> {
				this.upstream
					.answer(FakeLlmServer.stream(StreamFrames.SSE, StreamFrames.openAi("Hel", "lo"), Duration.ZERO));
				context.getBean(FailoverChatClient.class).stream(ChatRequest.of("Hi")).blockLast(LIMIT);

				// The model's stream observation stops as its stream ends, just after the
				// last chunk has reached the caller.
				List<ChatModelObservationContext> modelCalls = context.getBean(RecordedObservations.class).modelCalls;
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !modelCalls.isEmpty());
				assertThat(modelCalls).singleElement()
					.satisfies(
							(call) -> assertThat(FailoverAwareChatModelMeterObservationHandler.isInsideAnAttempt(call))
								.isTrue());
				assertThat(tokens(context.getBean(SimpleMeterRegistry.class), "input")).isEqualTo(9);
			});
	}

	@Test
	void callsToTheModelOutsideFailoverAreStillCountedBySpringAi() {
		runner().withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			context.getBean("openAiChatModel", ChatModel.class).call(new Prompt("Hi"));

			MeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
			assertThat(registry.find(TokenUsageObservationHandler.METER).tag("gen_ai.token.type", "input").counters())
				.singleElement()
				.satisfies((counter) -> assertThat(counter.count()).isEqualTo(5));
		});
	}

	/** Every token of a type, in whatever meters of that name there are. */
	private static double tokens(MeterRegistry registry, String type) {
		double total = 0;
		for (Meter meter : registry.find(TokenUsageObservationHandler.METER).tag("gen_ai.token.type", type).meters()) {
			total += (meter instanceof Counter counter) ? counter.count() : ((DistributionSummary) meter).totalAmount();
		}
		return total;
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservedModel {

		@Bean
		OpenAiChatModel openAiChatModel(String upstreamUrl, ObjectProvider<ObservationRegistry> observationRegistry) {
			return OpenAiChatModel.builder()
				.options(OpenAiChatOptions.builder()
					.baseUrl(upstreamUrl)
					.apiKey("sk-test")
					.model("gpt-4o")
					.maxRetries(0)
					.build())
				.observationRegistry(observationRegistry.getObject())
				.build();
		}

		@Bean
		RecordedObservations recordedObservations() {
			return new RecordedObservations();
		}

	}

	/** The model's own observations, as they stop. */
	static final class RecordedObservations implements ObservationHandler<ChatModelObservationContext> {

		final List<ChatModelObservationContext> modelCalls = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(ChatModelObservationContext context) {
			this.modelCalls.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof ChatModelObservationContext;
		}

	}

}
