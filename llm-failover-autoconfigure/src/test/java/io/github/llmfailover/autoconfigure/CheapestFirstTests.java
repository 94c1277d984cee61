package io.github.llmfailover.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.llmfailover.chat.Attempt;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.TestAutoConfigurations;

import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cheapest-first routing configured by properties, over real HTTP: the cheap provider
 * serves while it is healthy, and when it fails the request still fails over.
 */
class CheapestFirstTests {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private final FakeLlmServer cheap = new FakeLlmServer().answer(openAiAnswer("from cheap"));

	private final FakeLlmServer pricey = new FakeLlmServer().answer(openAiAnswer("from pricey"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.FAILOVER)
		.withPropertyValues("llm.failover.routing.strategy=cheapest-first", "llm.failover.providers.pricey.type=openai",
				"llm.failover.providers.pricey.base-url=" + this.pricey.baseUrl(),
				"llm.failover.providers.pricey.model=gpt-4o", "llm.failover.providers.pricey.weight=10",
				"llm.failover.providers.pricey.price.input=2.50", "llm.failover.providers.pricey.price.output=10",
				"llm.failover.providers.cheap.type=openai",
				"llm.failover.providers.cheap.base-url=" + this.cheap.baseUrl(),
				"llm.failover.providers.cheap.model=gpt-4o-mini", "llm.failover.providers.cheap.price.input=0.15",
				"llm.failover.providers.cheap.price.output=0.60");

	@AfterEach
	void stop() {
		this.cheap.close();
		this.pricey.close();
	}

	@Test
	void theCheapProviderServesDespiteItsLowerWeight() {
		this.runner.run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			for (int i = 0; i < 10; i++) {
				assertThat(client.chat(ChatRequest.of("Hello")).block(LIMIT).provider()).isEqualTo("cheap");
			}
			assertThat(context.getBean(ProviderRegistry.class).shares()).containsEntry("cheap", 1.0)
				.containsEntry("pricey", 0.0);
			assertThat(this.pricey.requests()).isZero();
		});
	}

	@Test
	void aFailingCheapProviderStillFailsOver() {
		this.cheap.answer(status(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
		this.runner.run((context) -> {
			ChatResponse response = context.getBean(FailoverChatClient.class)
				.chat(ChatRequest.of("Hello"))
				.block(LIMIT);
			assertThat(response.provider()).isEqualTo("pricey");
			assertThat(response.attempts()).extracting(Attempt::provider).containsExactly("cheap", "pricey");
			assertThat(response.attempts().get(0).status()).isEqualTo(503);
		});
	}

	@Test
	void withoutTheStrategyWeightsDecideAsBefore() {
		this.runner.withPropertyValues("llm.failover.routing.strategy=weighted").run((context) -> {
			assertThat(context.getBean(ProviderRegistry.class).shares().get("pricey")).isEqualTo(10 / 11.0);
		});
	}

}
