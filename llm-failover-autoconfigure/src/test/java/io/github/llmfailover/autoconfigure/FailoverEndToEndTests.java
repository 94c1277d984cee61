package io.github.llmfailover.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.FailoverTimeoutException;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.chat.ProviderRequestException;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.TestAutoConfigurations;

import static io.github.llmfailover.test.FakeLlmServer.anthropicAnswer;
import static io.github.llmfailover.test.FakeLlmServer.hang;
import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The whole starter, auto-configured, against providers on real HTTP servers: each
 * failover rule seen from the outside.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailoverEndToEndTests {

	private static final String OPENAI_KEY = "sk-proj-TOPSECRET0123456789";

	private static final String ANTHROPIC_KEY = "sk-ant-api03-TOPSECRET9876543210";

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private final FakeLlmServer openai = new FakeLlmServer().answer(openAiAnswer("from openai"));

	private final FakeLlmServer anthropic = new FakeLlmServer().answer(anthropicAnswer("from anthropic"));

	private final FakeLlmServer local = new FakeLlmServer().answer(openAiAnswer("from local"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.FAILOVER)
		.withPropertyValues("llm.failover.attempt-timeout=500ms", "llm.failover.timeout=5s",
				"llm.failover.circuit-breaker.sliding-window-size=4",
				"llm.failover.circuit-breaker.minimum-number-of-calls=4",
				"llm.failover.circuit-breaker.wait-duration-in-open-state=400ms",
				"llm.failover.providers.openai.type=openai",
				"llm.failover.providers.openai.base-url=" + this.openai.baseUrl(),
				"llm.failover.providers.openai.api-key=" + OPENAI_KEY,
				"llm.failover.providers.openai.model=gpt-4o-mini", "llm.failover.providers.openai.weight=3",
				"llm.failover.providers.anthropic.type=anthropic",
				"llm.failover.providers.anthropic.base-url=" + this.anthropic.rootUrl(),
				"llm.failover.providers.anthropic.api-key=" + ANTHROPIC_KEY,
				"llm.failover.providers.anthropic.model=claude-haiku-4-5", "llm.failover.providers.anthropic.weight=1",
				"llm.failover.providers.local.type=openai",
				"llm.failover.providers.local.base-url=" + this.local.baseUrl(),
				"llm.failover.providers.local.model=llama3.2", "llm.failover.providers.local.priority=1");

	@AfterEach
	void stop() {
		this.openai.close();
		this.anthropic.close();
		this.local.close();
	}

	/** The registry the providers' breakers live in: the application's. */
	private static CircuitBreakerRegistry breakers(ApplicationContext context) {
		return context.getBean(CircuitBreakerRegistry.class);
	}

	private static ChatResponse chat(FailoverChatClient client) {
		return client.chat(REQUEST).block(LIMIT);
	}

	@Test
	void weightsGiveTheConfiguredSharesAndTheFallbackTierStaysIdle() {
		this.runner.run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			int requests = 400;
			for (int i = 0; i < requests; i++) {
				chat(client);
			}
			assertThat(this.openai.requests() / (double) requests).isCloseTo(0.75, within(0.08));
			assertThat(this.anthropic.requests() / (double) requests).isCloseTo(0.25, within(0.08));
			assertThat(this.local.requests()).isZero();
		});
	}

	@Test
	void theLowerTierServesWhenTheHigherOneIsExhausted() {
		this.openai.answer(status(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
		this.anthropic.answer(status(529,
				"{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
		// The first call of a fresh context may take longer than the usual 500 ms on a
		// busy
		// machine; here each provider's answer must arrive to be checked.
		this.runner.withPropertyValues("llm.failover.attempt-timeout=5s").run((context) -> {
			ChatResponse response = chat(context.getBean(FailoverChatClient.class));
			assertThat(response.content()).isEqualTo("from local");
			assertThat(response.attempts()).extracting((attempt) -> attempt.provider() + ":" + attempt.status())
				.containsExactlyInAnyOrder("openai:503", "anthropic:529", "local:200");
		});
	}

	@Test
	void aFailingProvidersCircuitOpensThenClosesAfterTheWait() {
		this.openai.answer(status(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
		this.runner.withPropertyValues("llm.failover.circuit-breaker.wait-duration-in-open-state=3s").run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			ProviderRegistry registry = context.getBean(ProviderRegistry.class);
			while (this.openai.requests() < 4) {
				assertThat(chat(client).content()).isNotEqualTo("from openai");
			}
			assertThat(registry.find("openai").orElseThrow().circuitState()).isEqualTo(State.OPEN);
			int seen = this.openai.requests();
			// Only requests well inside the 3 s wait count, however slow the machine: at
			// weight 3 of 4 an open circuit that let calls through would get most of
			// them.
			long openSince = System.nanoTime();
			for (int i = 0; i < 20 && System.nanoTime() - openSince < Duration.ofSeconds(2).toNanos(); i++) {
				chat(client);
			}
			assertThat(this.openai.requests()).isEqualTo(seen);

			this.openai.answer(openAiAnswer("from openai"));
			await().atMost(LIMIT).untilAsserted(() -> {
				chat(client);
				assertThat(registry.find("openai").orElseThrow().circuitState()).isEqualTo(State.CLOSED);
			});
		});
	}

	@Test
	void aHangingProviderCostsAtMostTheAttemptTimeoutThenItsCircuitOpens() {
		this.openai.answer(hang());
		this.anthropic.answer(hang());
		this.runner.withPropertyValues("llm.failover.circuit-breaker.wait-duration-in-open-state=30s")
			.run((context) -> {
				FailoverChatClient client = context.getBean(FailoverChatClient.class);
				List<Duration> durations = new ArrayList<>();
				int hangingBeforeLast = 0;
				for (int i = 0; i < 6; i++) {
					hangingBeforeLast = this.openai.requests() + this.anthropic.requests();
					long start = System.nanoTime();
					assertThat(chat(client).content()).isEqualTo("from local");
					durations.add(Duration.ofNanos(System.nanoTime() - start));
				}
				// Two hanging providers per request at most, 500 ms each, until their
				// circuits open; without the attempt timeout a request would wait for the
				// 5 s deadline. The bound leaves 1.5 s for a loaded machine.
				assertThat(durations)
					.allSatisfy((duration) -> assertThat(duration).isLessThan(Duration.ofMillis(2500)));
				assertThat(this.openai.requests() + this.anthropic.requests())
					.as("hanging providers called by the last")
					.isEqualTo(hangingBeforeLast);
				ProviderRegistry registry = context.getBean(ProviderRegistry.class);
				assertThat(registry.find("openai").orElseThrow().circuitState()).isEqualTo(State.OPEN);
				assertThat(registry.find("anthropic").orElseThrow().circuitState()).isEqualTo(State.OPEN);
			});
	}

	@Test
	void refusedConnectionsFailOverWithoutBackoff() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		this.runner
			.withPropertyValues("llm.failover.providers.openai.base-url=http://127.0.0.1:" + closedPort + "/v1",
					"llm.failover.providers.openai.weight=100", "llm.failover.backoff.initial=2s",
					"llm.failover.backoff.max=2s")
			.run((context) -> {
				FailoverChatClient client = context.getBean(FailoverChatClient.class);
				chat(client);
				long start = System.nanoTime();
				ChatResponse response = chat(client);
				// The backoff before the same provider again is 2 s.
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
				assertThat(response.provider()).isNotEqualTo("openai");
			});
	}

	@Test
	void a429WithRetryAfterTakesTheProviderOutForThatLong() {
		this.openai.answer(status(429,
				"{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
				Map.of("retry-after", "2")));
		this.runner.withPropertyValues("llm.failover.providers.openai.weight=1000").run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			long start = System.nanoTime();
			assertThat(chat(client).provider()).isEqualTo("anthropic");
			assertThat(this.openai.requests()).isEqualTo(1);
			assertThat(context.getBean(ProviderRegistry.class).find("openai").orElseThrow().cooldownUntil())
				.isNotNull();
			// Only requests well inside the 2 s cooldown, however slow the machine: at
			// weight 1000 any of them would go to openai if it were still in rotation.
			for (int i = 0; i < 10 && System.nanoTime() - start < Duration.ofMillis(1500).toNanos(); i++) {
				chat(client);
			}
			assertThat(this.openai.requests()).isEqualTo(1);
			this.openai.answer(openAiAnswer("from openai"));
			await().atMost(LIMIT).until(() -> "openai".equals(chat(client).provider()));
		});
	}

	@Test
	void aBadRequestGoesToExactlyOneProvider() {
		this.openai
			.answer(status(400, "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\","
					+ "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}"));
		this.runner.withPropertyValues("llm.failover.providers.openai.weight=1000").run((context) -> {
			assertThatExceptionOfType(ProviderRequestException.class)
				.isThrownBy(() -> chat(context.getBean(FailoverChatClient.class)))
				.satisfies((ex) -> {
					assertThat(ex.provider()).isEqualTo("openai");
					assertThat(ex.providerMessage()).isEqualTo("This model's maximum context length is 128000 tokens.");
					assertThat(ex.attempts()).hasSize(1);
				});
			assertThat(this.anthropic.requests() + this.local.requests()).isZero();
		});
	}

	@Test
	void allDownFailsFastWithATimeToComeBackWhenPanicRoutingIsOff() {
		this.runner
			.withPropertyValues("llm.failover.panic.enabled=false",
					"llm.failover.circuit-breaker.wait-duration-in-open-state=30s")
			.run((context) -> {
				breakers(context).getAllCircuitBreakers().forEach(CircuitBreaker::transitionToOpenState);
				long start = System.nanoTime();
				assertThatExceptionOfType(NoProviderAvailableException.class)
					.isThrownBy(() -> chat(context.getBean(FailoverChatClient.class)))
					.satisfies((ex) -> assertThat(ex.retryAfter()).isBetween(Duration.ofSeconds(20),
							Duration.ofSeconds(30)));
				// Not waiting for the 5 s deadline.
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
				assertThat(this.openai.requests() + this.anthropic.requests() + this.local.requests()).isZero();
			});
	}

	@Test
	void theDeadlineBoundsTheWholeCall() {
		this.openai.answer(hang());
		this.anthropic.answer(hang());
		this.local.answer(hang());
		this.runner
			.withPropertyValues("llm.failover.timeout=800ms", "llm.failover.attempt-timeout=500ms",
					"llm.failover.max-attempts=10")
			.run((context) -> {
				long start = System.nanoTime();
				assertThatExceptionOfType(FailoverTimeoutException.class)
					.isThrownBy(() -> chat(context.getBean(FailoverChatClient.class)));
				// Ten attempts of 500 ms would take 5 s; the bound leaves 1.7 s for a
				// loaded machine.
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(750),
						Duration.ofMillis(2500));
			});
	}

	@Test
	void theApiKeyNeverAppearsInLogsOrExceptions(CapturedOutput output) {
		String echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + OPENAI_KEY
				+ ". You can find your API key at https://platform.openai.com/account/api-keys.\","
				+ "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";
		this.openai.answer(status(401, echo));
		this.anthropic.answer(status(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
				+ "\"message\":\"invalid x-api-key " + ANTHROPIC_KEY + "\"}}"));
		this.local.answer(status(500, "{}"));
		withDebugLogging(() -> this.runner.run((context) -> {
			Throwable failure = context.getBean(FailoverChatClient.class)
				.chat(REQUEST)
				.<Throwable>map((response) -> new AssertionError("served: " + response))
				.onErrorResume((ex) -> Mono.just(ex))
				.block(LIMIT);
			assertThat(failure).isInstanceOf(AllProvidersFailedException.class);
			assertThat(((AllProvidersFailedException) failure).attempts()).extracting((attempt) -> attempt.outcome())
				.contains(AttemptOutcome.PROVIDER_ERROR);
			assertThat(failure.getMessage()).contains("Incorrect API key provided: ******")
				.doesNotContain(OPENAI_KEY)
				.doesNotContain(ANTHROPIC_KEY);
			assertThat(context.getBean(ProviderRegistry.class).providers().toString()).doesNotContain(OPENAI_KEY);
		}));
		assertThat(output.getAll()).contains("LLM provider").doesNotContain(OPENAI_KEY).doesNotContain(ANTHROPIC_KEY);
	}

	private static void withDebugLogging(Runnable action) {
		List<String> names = List.of("io.github.llmfailover", "org.springframework.web.reactive.function.client",
				"reactor.netty.http.client");
		Function<String, Logger> logger = (name) -> (Logger) LoggerFactory.getLogger(name);
		List<Level> previous = names.stream().map((name) -> logger.apply(name).getLevel()).toList();
		names.forEach((name) -> logger.apply(name).setLevel(Level.DEBUG));
		try {
			action.run();
		}
		finally {
			for (int i = 0; i < names.size(); i++) {
				logger.apply(names.get(i)).setLevel(previous.get(i));
			}
		}
	}

}
