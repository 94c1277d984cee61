package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.util.function.Function;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.ResponseFormat;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.provider.Completion;
import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.routing.DefaultFailoverChatClient;
import io.github.llmfailover.routing.FailoverPolicy;
import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.test.TestAutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmFailoverAutoConfiguration}.
 */
class LlmFailoverAutoConfigurationTests {

	static final String[] THREE_PROVIDERS = { "llm.failover.attempt-timeout=7s",
			"llm.failover.providers.openai.type=openai",
			"llm.failover.providers.openai.base-url=https://api.openai.com/v1",
			"llm.failover.providers.openai.api-key=sk-openai", "llm.failover.providers.openai.model=gpt-4o-mini",
			"llm.failover.providers.openai.weight=3",
			"llm.failover.providers.openai.circuit-breaker.failure-rate-threshold=25",
			"llm.failover.providers.openai.max-concurrent-calls=7", "llm.failover.providers.anthropic.type=anthropic",
			"llm.failover.providers.anthropic.base-url=https://api.anthropic.com",
			"llm.failover.providers.anthropic.api-key=sk-ant",
			"llm.failover.providers.anthropic.model=claude-haiku-4-5", "llm.failover.providers.anthropic.weight=2",
			"llm.failover.providers.local.type=ollama", "llm.failover.providers.local.base-url=http://localhost:11434",
			"llm.failover.providers.local.model=llama3.2", "llm.failover.providers.local.priority=1" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.FAILOVER);

	@Test
	void createsTheClientAndAProviderWithItsCircuitBreakerForEachConfiguredOne() {
		this.runner.withPropertyValues(THREE_PROVIDERS).run((context) -> {
			assertThat(context).hasSingleBean(FailoverChatClient.class).hasSingleBean(ProviderRegistry.class);
			assertThat(context.getBean(FailoverChatClient.class)).isInstanceOf(DefaultFailoverChatClient.class);
			ProviderRegistry registry = context.getBean(ProviderRegistry.class);
			assertThat(registry.providers()).extracting(ProviderSnapshot::name)
				.containsExactly("openai", "anthropic", "local");
			ProviderSnapshot openai = registry.find("openai").orElseThrow();
			assertThat(openai.weight()).isEqualTo(3);
			assertThat(openai.type()).isEqualTo("openai");
			assertThat(registry.find("local").orElseThrow().priority()).isEqualTo(1);
			CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
			CircuitBreaker breaker = breakers.find("openai").orElseThrow();
			assertThat(breaker.getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(25f);
			assertThat(breakers.find("anthropic").orElseThrow().getCircuitBreakerConfig().getFailureRateThreshold())
				.isEqualTo(50f);
			// The provider's own breaker is the one in the application's registry.
			breaker.transitionToForcedOpenState();
			assertThat(registry.find("openai").orElseThrow().circuitState()).isEqualTo(State.FORCED_OPEN);
		});
	}

	@Test
	void capabilitiesComeFromTheTypeAndTheConfigurationOverridesThem() {
		this.runner.withPropertyValues(THREE_PROVIDERS)
			.withPropertyValues("llm.failover.providers.anthropic.capabilities.json-schema=false",
					"llm.failover.providers.local.capabilities.images=false",
					"llm.failover.providers.local.capabilities.forced-tool-choice=true")
			.run((context) -> {
				ProviderRegistry registry = context.getBean(ProviderRegistry.class);
				assertThat(registry.find("openai").orElseThrow().capabilities())
					.containsExactlyInAnyOrder(Capability.values());
				assertThat(registry.find("anthropic").orElseThrow().capabilities()).containsExactlyInAnyOrder(
						Capability.TOOLS, Capability.FORCED_TOOL_CHOICE, Capability.IMAGES, Capability.IMAGE_URLS);
				assertThat(registry.find("local").orElseThrow().capabilities())
					.containsExactlyInAnyOrder(Capability.TOOLS, Capability.FORCED_TOOL_CHOICE, Capability.JSON_SCHEMA);
			});
	}

	@Test
	void anAttemptMayTakeTheAttemptTimeoutInsteadOfResilience4jsOneSecond() {
		this.runner.withUserConfiguration(SlowProviderType.class)
			.withPropertyValues("llm.failover.attempt-timeout=7s", "llm.failover.providers.slow.type=slow",
					"llm.failover.providers.slow.base-url=http://slow.invalid", "llm.failover.providers.slow.model=m")
			.run((context) -> {
				FailoverChatClient client = context.getBean(FailoverChatClient.class);
				StepVerifier.withVirtualTime(() -> client.chat(ChatRequest.of("ping")))
					.expectSubscription()
					.expectNoEvent(SlowProviderType.ANSWERS_AFTER.minusMillis(1))
					.thenAwait(Duration.ofMillis(1))
					.assertNext((response) -> assertThat(response.content()).isEqualTo("slow answer"))
					.expectComplete()
					.verify(Duration.ofSeconds(5));
			});
	}

	@Test
	void anAttemptEndsAtTheAttemptTimeout() {
		this.runner.withUserConfiguration(SlowProviderType.class)
			.withPropertyValues("llm.failover.attempt-timeout=3s", "llm.failover.max-attempts=1",
					"llm.failover.providers.slow.type=slow", "llm.failover.providers.slow.base-url=http://slow.invalid",
					"llm.failover.providers.slow.model=m")
			.run((context) -> {
				FailoverChatClient client = context.getBean(FailoverChatClient.class);
				StepVerifier.withVirtualTime(() -> client.chat(ChatRequest.of("ping")))
					.expectSubscription()
					.expectNoEvent(Duration.ofMillis(2999))
					.thenAwait(Duration.ofMillis(1))
					.expectErrorSatisfies((error) -> assertThat(((AllProvidersFailedException) error).attempts())
						.extracting(Attempt::outcome)
						.containsExactly(AttemptOutcome.TIMEOUT))
					.verify(Duration.ofSeconds(5));
			});
	}

	@Test
	void eachProviderGetsItsConcurrencyLimitInsteadOfTheDefaultBulkheadsTwentyFive() {
		this.runner.withPropertyValues(THREE_PROVIDERS).run((context) -> {
			// Registered at start-up in the application's registry, tagged, before any
			// call.
			BulkheadRegistry bulkheads = context.getBean(BulkheadRegistry.class);
			assertThat(bulkheads.find("openai").orElseThrow().getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(7);
			assertThat(bulkheads.find("openai").orElseThrow().getTags()).containsEntry("group", "openai");
			assertThat(bulkheads.find("anthropic").orElseThrow().getBulkheadConfig().getMaxConcurrentCalls())
				.isEqualTo(1000);
		});
	}

	@Test
	void createsNothingWhenDisabled() {
		this.runner.withPropertyValues(THREE_PROVIDERS)
			.withPropertyValues("llm.failover.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(FailoverChatClient.class)
					.doesNotHaveBean(ProviderRegistry.class)
					.doesNotHaveBean(LlmFailoverProperties.class);
			});
	}

	@Test
	void disabledNeedsNoValidConfiguration() {
		this.runner.withPropertyValues("llm.failover.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnBeans() {
		this.runner.withPropertyValues(THREE_PROVIDERS).withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context.getBean(FailoverChatClient.class)).isSameAs(OwnBeans.CLIENT);
			assertThat(context.getBean(FailoverPolicy.class).maxAttempts()).isEqualTo(9);
		});
	}

	@Test
	void aProviderClientFactoryBeanAddsAProviderType() {
		this.runner.withUserConfiguration(EchoProviderType.class)
			.withPropertyValues("llm.failover.providers.echo.type=echo",
					"llm.failover.providers.echo.base-url=http://echo.invalid", "llm.failover.providers.echo.model=m")
			.run((context) -> {
				ChatResponse response = context.getBean(FailoverChatClient.class)
					.chat(ChatRequest.of("ping"))
					.block(Duration.ofSeconds(5));
				assertThat(response.content()).isEqualTo("echo: 1 message(s)");
				assertThat(response.provider()).isEqualTo("echo");
			});
	}

	@Test
	void anInstanceTheApplicationConfiguredInResilience4jUnderAProvidersNameWins() {
		this.runner
			.withPropertyValues("resilience4j.bulkhead.instances.openai.max-concurrent-calls=3",
					"resilience4j.circuitbreaker.instances.openai.failure-rate-threshold=80")
			.withPropertyValues(THREE_PROVIDERS)
			.run((context) -> {
				assertThat(context.getBean(CircuitBreakerRegistry.class)
					.find("openai")
					.orElseThrow()
					.getCircuitBreakerConfig()
					.getFailureRateThreshold()).isEqualTo(80f);
				assertThat(context.getBean(BulkheadRegistry.class)
					.find("openai")
					.orElseThrow()
					.getBulkheadConfig()
					.getMaxConcurrentCalls()).isEqualTo(3);
			});
	}

	@Test
	void worksWithoutResilience4jsAutoConfigurationOnRegistriesOfItsOwn() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LlmFailoverAutoConfiguration.class, HttpClientAutoConfiguration.class,
							ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class))
			.withUserConfiguration(EchoProviderType.class)
			.withPropertyValues("llm.failover.providers.echo.type=echo",
					"llm.failover.providers.echo.base-url=http://echo.invalid", "llm.failover.providers.echo.model=m")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CircuitBreakerRegistry.class)
					.doesNotHaveBean(BulkheadRegistry.class);
				assertThat(context.getBean(FailoverChatClient.class)
					.chat(ChatRequest.of("ping"))
					.block(Duration.ofSeconds(5))
					.provider()).isEqualTo("echo");
			});
	}

	@Test
	void providersCallThroughTheApplicationsWebClientCustomizationsEachOnItsOwnBuilder() throws Exception {
		try (MockWebServer openai = new MockWebServer(); MockWebServer anthropic = new MockWebServer()) {
			openai.start();
			anthropic.start();
			openai.enqueue(json("{\"model\":\"gpt\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
					+ "\"content\":\"hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}"));
			this.runner.withUserConfiguration(AppCustomizer.class)
				.withPropertyValues("llm.failover.providers.openai.type=openai",
						"llm.failover.providers.openai.base-url=" + openai.url("/v1"),
						"llm.failover.providers.openai.api-key=sk-openai", "llm.failover.providers.openai.model=gpt",
						"llm.failover.providers.anthropic.type=anthropic",
						"llm.failover.providers.anthropic.base-url=" + anthropic.url("/"),
						"llm.failover.providers.anthropic.api-key=sk-ant", "llm.failover.providers.anthropic.model=c",
						"llm.failover.providers.anthropic.priority=1")
				.run((context) -> {
					ChatResponse response = context.getBean(FailoverChatClient.class)
						.chat(ChatRequest.of("hello"))
						.block(Duration.ofSeconds(5));
					assertThat(response.provider()).isEqualTo("openai");
					RecordedRequest request = openai.takeRequest();
					assertThat(request.getHeaders().get("X-App")).isEqualTo("from-customizer");
					assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-openai");
					assertThat(request.getHeaders().get("x-api-key")).isNull();
					assertThat(request.getHeaders().get("anthropic-version")).isNull();
				});
		}
	}

	@Test
	void anAnthropicProviderConfiguredForTheToolMethodAnswersAJsonSchemaThroughAForcedTool() throws Exception {
		try (MockWebServer tool = new MockWebServer(); MockWebServer nativeFormat = new MockWebServer()) {
			tool.start();
			nativeFormat.start();
			tool.enqueue(json("{\"model\":\"c\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
					+ "\"name\":\"json_answer\",\"input\":{\"ok\":true}}],\"stop_reason\":\"tool_use\","
					+ "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"));
			nativeFormat
				.enqueue(json("{\"model\":\"c\",\"content\":[{\"type\":\"text\",\"text\":\"{\\\"ok\\\":true}\"}],"
						+ "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"));
			this.runner.withPropertyValues("llm.failover.providers.old.type=anthropic",
					"llm.failover.providers.old.base-url=" + tool.url("/"), "llm.failover.providers.old.model=c",
					"llm.failover.providers.old.structured-output=tool", "llm.failover.providers.new.type=anthropic",
					"llm.failover.providers.new.base-url=" + nativeFormat.url("/"),
					"llm.failover.providers.new.model=c", "llm.failover.providers.new.priority=1")
				.run((context) -> {
					FailoverChatClient client = context.getBean(FailoverChatClient.class);
					ChatRequest request = ChatRequest.builder()
						.user("ok?")
						.responseFormat(ResponseFormat.jsonSchema("ok", "{\"type\":\"object\"}", false))
						.build();
					assertThat(client.chat(request).block(Duration.ofSeconds(5)).content()).isEqualTo("{\"ok\":true}");
					String sent = tool.takeRequest().getBody().utf8();
					assertThat(sent).contains("\"tool_choice\":{\"type\":\"tool\",\"name\":\"json_answer\"}")
						.doesNotContain("output_config");
					context.getBean(ProviderRegistry.class).update("old", ProviderChange.enabled(false));
					assertThat(client.chat(request).block(Duration.ofSeconds(5)).content()).isEqualTo("{\"ok\":true}");
					assertThat(nativeFormat.takeRequest().getBody().utf8()).contains("\"output_config\"")
						.doesNotContain("json_answer");
				});
		}
	}

	private static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		static final FailoverChatClient CLIENT = new FailoverChatClient() {

			@Override
			public Mono<ChatResponse> chat(ChatRequest request) {
				return Mono.empty();
			}

			@Override
			public Flux<ChatChunk> stream(ChatRequest request) {
				return Flux.empty();
			}

		};

		@Bean
		FailoverChatClient myClient() {
			return CLIENT;
		}

		@Bean
		FailoverPolicy myPolicy() {
			return new FailoverPolicy(9, Duration.ofSeconds(60), Duration.ofSeconds(30),
					new FailoverPolicy.Backoff(Duration.ofMillis(100), 2, Duration.ofSeconds(1)),
					Duration.ofSeconds(60));
		}

	}

	/**
	 * A provider type whose clients answer in code, for tests that need no HTTP server.
	 */
	static ProviderClientFactory providerType(String type, Function<ProviderSettings, ProviderClient> client) {
		return new ProviderClientFactory() {

			@Override
			public String type() {
				return type;
			}

			@Override
			public ProviderClient create(ProviderSettings settings, WebClient.Builder webClientBuilder) {
				return client.apply(settings);
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoProviderType {

		@Bean
		ProviderClientFactory echoFactory() {
			return providerType("echo",
					(settings) -> (request) -> Mono
						.just(new Completion("echo: " + request.messages().size() + " message(s)", settings.model(),
								FinishReason.STOP, TokenUsage.NONE)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowProviderType {

		static final Duration ANSWERS_AFTER = Duration.ofSeconds(5);

		@Bean
		ProviderClientFactory slowFactory() {
			return providerType("slow", (settings) -> (request) -> Mono.delay(ANSWERS_AFTER)
				.thenReturn(new Completion("slow answer", settings.model(), FinishReason.STOP, TokenUsage.NONE)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AppCustomizer {

		@Bean
		WebClientCustomizer appHeader() {
			return (builder) -> builder.defaultHeader("X-App", "from-customizer");
		}

	}

}
