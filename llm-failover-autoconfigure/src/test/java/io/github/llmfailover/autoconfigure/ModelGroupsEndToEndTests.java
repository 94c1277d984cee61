package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.FailoverChatClients;
import io.github.llmfailover.chat.UnknownModelGroupException;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.StreamFrames;

import static io.github.llmfailover.test.FakeLlmServer.anthropicAnswer;
import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static io.github.llmfailover.test.FakeLlmServer.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Model groups auto-configured against providers on real HTTP servers: each group routes
 * and fails over over its own providers, and a provider shared by two groups is one
 * provider.
 */
class ModelGroupsEndToEndTests {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private final FakeLlmServer openai = new FakeLlmServer().answer(openAiAnswer("from openai"));

	private final FakeLlmServer anthropic = new FakeLlmServer().answer(anthropicAnswer("from anthropic"));

	private final FakeLlmServer local = new FakeLlmServer().answer(openAiAnswer("from local"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmFailoverAutoConfiguration.class,
				LlmFailoverMetricsAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class,
				ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues("llm.failover.attempt-timeout=2s", "llm.failover.timeout=5s",
				"llm.failover.circuit-breaker.sliding-window-size=4",
				"llm.failover.circuit-breaker.minimum-number-of-calls=4",
				"llm.failover.circuit-breaker.wait-duration-in-open-state=60s",
				"llm.failover.providers.openai.type=openai",
				"llm.failover.providers.openai.base-url=" + this.openai.baseUrl(),
				"llm.failover.providers.openai.model=gpt-4o-mini", "llm.failover.providers.anthropic.type=anthropic",
				"llm.failover.providers.anthropic.base-url=" + this.anthropic.rootUrl(),
				"llm.failover.providers.anthropic.api-key=sk-ant",
				"llm.failover.providers.anthropic.model=claude-haiku-4-5", "llm.failover.providers.local.type=openai",
				"llm.failover.providers.local.base-url=" + this.local.baseUrl(),
				"llm.failover.providers.local.model=llama3.2",
				// fast: local first, then openai. strong: anthropic first, then openai.
				"llm.failover.groups.fast.aliases=small", "llm.failover.groups.fast.providers.local.priority=0",
				"llm.failover.groups.fast.providers.openai.priority=1",
				"llm.failover.groups.strong.providers.anthropic.priority=0",
				"llm.failover.groups.strong.providers.openai.priority=1");

	@AfterEach
	void stop() {
		this.openai.close();
		this.anthropic.close();
		this.local.close();
	}

	@Test
	void eachGroupIsServedByItsOwnFirstTier() {
		this.runner.run((context) -> {
			FailoverChatClients clients = context.getBean(FailoverChatClients.class);
			for (int i = 0; i < 5; i++) {
				assertThat(chat(clients.get("fast")).content()).isEqualTo("from local");
				assertThat(chat(clients.get("small")).content()).isEqualTo("from local");
				assertThat(chat(clients.get("strong")).content()).isEqualTo("from anthropic");
			}
			assertThat(this.openai.requests()).isZero();
		});
	}

	@Test
	void theRequestChoosesItsGroupOnAnyClient() {
		this.runner.run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			ChatResponse strong = client.chat(ChatRequest.builder().user("Hi").group("strong").build()).block(LIMIT);
			assertThat(strong.provider()).isEqualTo("anthropic");
			FailoverChatClients clients = context.getBean(FailoverChatClients.class);
			ChatResponse fast = clients.get("strong")
				.chat(ChatRequest.builder().user("Hi").group("small").build())
				.block(LIMIT);
			assertThat(fast.provider()).isEqualTo("local");
		});
	}

	@Test
	void aStreamGoesToTheGroupItsRequestNames() {
		this.local.answer(stream(StreamFrames.SSE, StreamFrames.openAi("from ", "local"), Duration.ofMillis(5)));
		this.runner.run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			List<ChatChunk> chunks = client.stream(ChatRequest.builder().user("Hi").group("small").build())
				.collectList()
				.block(LIMIT);
			assertThat(chunks).extracting(ChatChunk::provider).containsOnly("local");
			assertThat(chunks.stream().map(ChatChunk::text).collect(Collectors.joining())).isEqualTo("from local");
			StepVerifier.create(client.stream(ChatRequest.builder().user("Hi").group("gpt-5").build()))
				.expectError(UnknownModelGroupException.class)
				.verify(LIMIT);
			assertThat(this.openai.requests() + this.anthropic.requests()).isZero();
		});
	}

	@Test
	void anUnknownGroupFailsTheRequestWithoutACall() {
		this.runner.run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			StepVerifier.create(client.chat(ChatRequest.builder().user("Hi").group("gpt-5").build()))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(UnknownModelGroupException.class)
					.hasMessage("No model group named 'gpt-5'; known: default, fast, strong "
							+ "(llm.failover.groups.<name> and its aliases)"))
				.verify(LIMIT);
			assertThatExceptionOfType(UnknownModelGroupException.class)
				.isThrownBy(() -> context.getBean(FailoverChatClients.class).get("gpt-5"));
			assertThat(this.openai.requests() + this.anthropic.requests() + this.local.requests()).isZero();
		});
	}

	@Test
	void aGroupFailsOverWithinItsProviders() {
		this.local.answer(status(503, "{\"error\":{\"message\":\"overloaded\"}}"));
		this.runner.run((context) -> {
			FailoverChatClients clients = context.getBean(FailoverChatClients.class);
			ChatResponse response = chat(clients.get("fast"));
			assertThat(response.provider()).isEqualTo("openai");
			assertThat(response.attempts()).extracting(Attempt::provider).containsExactly("local", "openai");
			assertThat(chat(clients.get("strong")).provider()).isEqualTo("anthropic");
			assertThat(this.anthropic.requests()).isEqualTo(1);
		});
	}

	@Test
	void aGroupsMaxAttemptsLimitsItsRequestsOnly() {
		this.local.answer(status(503, "{\"error\":{\"message\":\"overloaded\"}}"));
		this.runner.withPropertyValues("llm.failover.groups.fast.max-attempts=1").run((context) -> {
			FailoverChatClients clients = context.getBean(FailoverChatClients.class);
			assertThatExceptionOfType(AllProvidersFailedException.class).isThrownBy(() -> chat(clients.get("fast")))
				.satisfies((ex) -> assertThat(ex.attempts()).extracting(Attempt::provider).containsExactly("local"));
			assertThat(this.openai.requests()).isZero();
		});
	}

	@Test
	void aProviderThatFailsInOneGroupIsOutOfRotationInEveryGroup() {
		this.openai.answer(status(500, "{\"error\":{\"message\":\"boom\"}}"));
		this.runner
			.withPropertyValues("llm.failover.groups.fast.providers.openai.priority=0",
					"llm.failover.groups.fast.providers.local.priority=1",
					"llm.failover.groups.strong.providers.openai.priority=0",
					"llm.failover.groups.strong.providers.anthropic.priority=1")
			.run((context) -> {
				FailoverChatClients clients = context.getBean(FailoverChatClients.class);
				// Four failures in fast open openai's circuit (window of 4).
				for (int i = 0; i < 4; i++) {
					assertThat(chat(clients.get("fast")).provider()).isEqualTo("local");
				}
				assertThat(this.openai.requests()).isEqualTo(4);
				ProviderRegistry registry = context.getBean(ProviderRegistry.class);
				ProviderSnapshot inStrong = registry.group("strong").orElseThrow().find("openai").orElseThrow();
				assertThat(inStrong.circuitState()).isEqualTo(State.OPEN);
				assertThat(inStrong.inRotation()).isFalse();
				// strong, whose first tier is openai, goes to anthropic without calling
				// it.
				ChatResponse response = chat(clients.get("strong"));
				assertThat(response.provider()).isEqualTo("anthropic");
				assertThat(response.attempts()).extracting(Attempt::provider).containsExactly("anthropic");
				assertThat(this.openai.requests()).isEqualTo(4);
			});
	}

	@Test
	void metricsAreTaggedWithTheGroupsName() {
		this.runner.run((context) -> {
			FailoverChatClients clients = context.getBean(FailoverChatClients.class);
			chat(clients.get("small"));
			chat(context.getBean(FailoverChatClient.class));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("llm.failover.requests")
				.tags("group", "fast", "provider", "local", "outcome", "success")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("llm.failover.attempts").tags("group", "fast", "provider", "local").timer().count())
				.isEqualTo(1);
			assertThat(meters.get("llm.failover.requests").tags("group", "default").timer().count()).isEqualTo(1);
			assertThat(meters.find("llm.failover.requests").tags("group", "small").timers()).isEmpty();
			assertThat(meters.get("gen_ai.client.token.usage")
				.tags("group", "fast", "provider", "local", "gen_ai.token.type", "output")
				.summary()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void panicMetersAreKeptPerGroup() {
		this.local.answer(status(500, "{\"error\":{\"message\":\"boom\"}}"));
		this.openai.answer(status(500, "{\"error\":{\"message\":\"boom\"}}"));
		this.runner.run((context) -> {
			FailoverChatClient fast = context.getBean(FailoverChatClients.class).get("fast");
			ProviderRegistry registry = context.getBean(ProviderRegistry.class);
			// Both providers of fast fail until their circuits open (window of 4).
			while (!registry.group("fast")
				.orElseThrow()
				.providers()
				.stream()
				.allMatch((provider) -> provider.circuitState() == State.OPEN)) {
				fast.chat(ChatRequest.of("Hello")).onErrorResume((ex) -> Mono.empty()).block(LIMIT);
			}
			// fast now routes past its open circuits; strong and default have anthropic.
			fast.chat(ChatRequest.of("Hello")).onErrorResume((ex) -> Mono.empty()).block(LIMIT);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("llm.failover.panic.active").tags("group", "fast").gauge().value()).isEqualTo(1);
			assertThat(meters.get("llm.failover.panic.attempts").tags("group", "fast").functionCounter().count())
				.isGreaterThanOrEqualTo(1);
			for (String calm : List.of("strong", "default")) {
				assertThat(meters.get("llm.failover.panic.active").tags("group", calm).gauge().value()).as(calm)
					.isZero();
				assertThat(meters.get("llm.failover.panic.attempts").tags("group", calm).functionCounter().count())
					.as(calm)
					.isZero();
			}
			assertThat(meters.find("llm.failover.panic.active").gauges()).hasSize(3);
		});
	}

	private static ChatResponse chat(FailoverChatClient client) {
		return client.chat(ChatRequest.of("Hello")).block(LIMIT);
	}

}
