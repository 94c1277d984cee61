package io.github.llmfailover.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.Cost;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.cost.Spend;
import io.github.llmfailover.observation.CostObservationHandler;
import io.github.llmfailover.observation.TokenUsageObservationHandler;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.StreamFrames;
import io.github.llmfailover.test.TestAutoConfigurations;

import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What calls cost, from the configured prices and the usage in real answers of local
 * providers: on the answer, on a stream's last chunk and in {@code llm.failover.cost}.
 */
class CostTests {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private static final Currency USD = Currency.getInstance("USD");

	private static final String OVERLOADED = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";

	/** 1000 prompt tokens of which 800 from the cache, and 500 generated. */
	private static final String CACHED_ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
			+ "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
			+ "\"content\":\"cached\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1000,"
			+ "\"completion_tokens\":500,\"total_tokens\":1500,\"prompt_tokens_details\":{\"cached_tokens\":800}}}";

	private final FakeLlmServer openai = new FakeLlmServer().answer(status(200, CACHED_ANSWER));

	private final FakeLlmServer anthropic = new FakeLlmServer();

	private final FakeLlmServer local = new FakeLlmServer().answer(openAiAnswer("from local"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.FAILOVER)
		.withConfiguration(TestAutoConfigurations.METRICS)
		.withPropertyValues("llm.failover.providers.openai.type=openai",
				"llm.failover.providers.openai.base-url=" + this.openai.baseUrl(),
				"llm.failover.providers.openai.model=gpt-4o-mini", "llm.failover.providers.openai.price.input=0.15",
				"llm.failover.providers.openai.price.cached-input=0.075",
				"llm.failover.providers.openai.price.output=0.60", "llm.failover.providers.anthropic.type=anthropic",
				"llm.failover.providers.anthropic.base-url=" + this.anthropic.rootUrl(),
				"llm.failover.providers.anthropic.model=claude-haiku-4-5",
				"llm.failover.providers.anthropic.priority=1", "llm.failover.providers.anthropic.price.input=1",
				"llm.failover.providers.anthropic.price.cached-input=0.10",
				"llm.failover.providers.anthropic.price.cache-write=1.25",
				"llm.failover.providers.anthropic.price.output=5", "llm.failover.providers.local.type=openai",
				"llm.failover.providers.local.base-url=" + this.local.baseUrl(),
				"llm.failover.providers.local.model=llama3.2", "llm.failover.providers.local.priority=2");

	@AfterEach
	void stop() {
		this.openai.close();
		this.anthropic.close();
		this.local.close();
	}

	@Test
	void anAnswerCostsItsTokensAtItsProvidersPricesCachedInputIncluded() {
		this.runner.run((context) -> {
			ChatResponse response = context.getBean(FailoverChatClient.class)
				.chat(ChatRequest.of("Hello"))
				.block(LIMIT);
			assertThat(response.usage()).isEqualTo(new TokenUsage(1000, 500, 800, 0));
			// (200 * 0.15 + 800 * 0.075 + 500 * 0.60) / 1M
			assertThat(response.cost()).isEqualTo(new Cost(new BigDecimal("0.00039"), USD));
			assertThat(context.getBean(MeterRegistry.class)
				.get(CostObservationHandler.METER)
				.tags("provider", "openai", "model", "gpt-4o-mini-2024-07-18", "currency", "USD")
				.counter()
				.count()).isCloseTo(0.00039, within(1e-12));
			assertThat(context.getBean(MeterRegistry.class)
				.get(TokenUsageObservationHandler.CACHE_READ_METER)
				.tags("provider", "openai", "gen_ai.response.model", "gpt-4o-mini-2024-07-18")
				.counter()
				.count()).isEqualTo(800);
			assertThat(
					context.getBean(MeterRegistry.class).find(TokenUsageObservationHandler.CACHE_WRITE_METER).meters())
				.isEmpty();
		});
	}

	@Test
	void theRegistryAddsUpEachProvidersSpendOfTheDayAndMonth() {
		this.runner.run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			client.chat(ChatRequest.of("Hello")).block(LIMIT);
			client.chat(ChatRequest.of("Hello")).block(LIMIT);
			Map<String, ProviderSnapshot> providers = context.getBean(ProviderRegistry.class)
				.providers()
				.stream()
				.collect(Collectors.toMap(ProviderSnapshot::name, Function.identity()));
			Cost twice = new Cost(new BigDecimal("0.00078"), USD);
			assertThat(providers.get("openai").spend()).isEqualTo(new Spend(twice, twice, Spend.Scope.LOCAL));
			// Without fleet mode, the actuator says the spend is this instance's alone.
			assertThat(JsonMapper.builder().build().writeValueAsString(providers.get("openai").spend()))
				.contains("\"scope\":\"local\"");
			Cost none = new Cost(BigDecimal.ZERO, USD);
			assertThat(providers.get("anthropic").spend()).isEqualTo(new Spend(none, none));
			assertThat(providers.get("local").spend()).isNull();
		});
	}

	@Test
	void aStreamTellsItsCostOnItsLastChunkAfterAFailover() {
		this.openai.answer(status(503, OVERLOADED));
		this.anthropic.answer(FakeLlmServer.stream(StreamFrames.SSE,
				StreamFrames.anthropic("Bon", "jour")
					.stream()
					.map((frame) -> frame.replace("\"input_tokens\":11,",
							"\"input_tokens\":11,\"cache_read_input_tokens\":200,\"cache_creation_input_tokens\":50,"))
					.toList(),
				Duration.ofMillis(5)));
		this.runner.run((context) -> {
			ChatChunk last = context.getBean(FailoverChatClient.class).stream(ChatRequest.of("Hi")).blockLast(LIMIT);
			assertThat(last.provider()).isEqualTo("anthropic");
			assertThat(last.usage()).isEqualTo(new TokenUsage(261, 2, 200, 50));
			// (11 * 1 + 200 * 0.10 + 50 * 1.25 + 2 * 5) / 1M
			assertThat(last.cost()).isEqualTo(new Cost(new BigDecimal("0.0001035"), USD));
			assertThat(context.getBean(MeterRegistry.class)
				.get(CostObservationHandler.METER)
				.tags("provider", "anthropic")
				.counter()
				.count()).isCloseTo(0.0001035, within(1e-12));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get(TokenUsageObservationHandler.CACHE_READ_METER)
				.tags("provider", "anthropic")
				.counter()
				.count()).isEqualTo(200);
			assertThat(meters.get(TokenUsageObservationHandler.CACHE_WRITE_METER)
				.tags("provider", "anthropic")
				.counter()
				.count()).isEqualTo(50);
		});
	}

	@Test
	void aProviderWithoutPricesServesAtAnUnknownCostNeverAGuessedOne() {
		this.openai.answer(status(503, OVERLOADED));
		this.anthropic.answer(status(529,
				"{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
		this.runner.run((context) -> {
			ChatResponse response = context.getBean(FailoverChatClient.class)
				.chat(ChatRequest.of("Hello"))
				.block(LIMIT);
			assertThat(response.provider()).isEqualTo("local");
			assertThat(response.usage()).isEqualTo(new TokenUsage(5, 2));
			assertThat(response.cost()).isNull();
			assertThat(context.getBean(MeterRegistry.class).find(CostObservationHandler.METER).meters()).isEmpty();
		});
	}

	@Test
	void pricesCanBeInAnotherCurrency() {
		this.runner.withPropertyValues("llm.failover.providers.openai.price.currency=eur").run((context) -> {
			ChatResponse response = context.getBean(FailoverChatClient.class)
				.chat(ChatRequest.of("Hello"))
				.block(LIMIT);
			assertThat(response.cost()).hasToString("0.00039 EUR");
			assertThat(context.getBean(MeterRegistry.class)
				.get(CostObservationHandler.METER)
				.tags("currency", "EUR")
				.counter()
				.getId()
				.getBaseUnit()).isEqualTo("EUR");
		});
	}

}
