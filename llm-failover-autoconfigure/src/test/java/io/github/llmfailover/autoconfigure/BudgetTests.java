package io.github.llmfailover.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.llmfailover.actuate.LlmProvidersEndpoint;
import io.github.llmfailover.actuate.LlmProvidersHealthIndicator;
import io.github.llmfailover.actuate.ProviderDescriptor;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.cost.SpendLedger;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.TestAutoConfigurations;

import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets over real HTTP: under concurrent load a provider stops being called once its
 * spend reaches its budget, overshooting by no more than the calls already in flight, and
 * the actuator and health say why it is out and until when.
 */
class BudgetTests {

	private static final Duration LIMIT = Duration.ofSeconds(30);

	/** Calls in flight at once. */
	private static final int CONCURRENCY = 8;

	/**
	 * 1000 per million tokens: an answer of 5 prompt and 2 completion tokens costs 0.007,
	 * so the budget of 0.07 is ten answers.
	 */
	private static final BigDecimal COST_OF_ONE = new BigDecimal("0.007");

	/** Answers slowly enough that many calls are in flight when the budget is reached. */
	private final FakeLlmServer openai = new FakeLlmServer().answer((response) -> Mono.delay(Duration.ofMillis(100))
		.then(Mono.from(openAiAnswer("from openai").respond(response))));

	private final FakeLlmServer backup = new FakeLlmServer().answer(openAiAnswer("from backup"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.FAILOVER)
		.withConfiguration(AutoConfigurations.of(LlmProvidersEndpointAutoConfiguration.class,
				LlmProvidersHealthAutoConfiguration.class, HealthContributorAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=llmproviders",
				"llm.failover.providers.openai.type=openai",
				"llm.failover.providers.openai.base-url=" + this.openai.baseUrl(),
				"llm.failover.providers.openai.model=gpt-4o-mini", "llm.failover.providers.openai.price.input=1000",
				"llm.failover.providers.openai.price.output=1000", "llm.failover.providers.openai.budget.daily=0.07",
				"llm.failover.providers.backup.type=openai",
				"llm.failover.providers.backup.base-url=" + this.backup.baseUrl(),
				"llm.failover.providers.backup.model=gpt-4o-mini", "llm.failover.providers.backup.priority=1");

	@AfterEach
	void stop() {
		this.openai.close();
		this.backup.close();
	}

	@Test
	@SuppressWarnings("unchecked")
	void underConcurrentLoadAProviderOvershootsItsBudgetByNoMoreThanTheCallsInFlight() {
		this.runner.run((context) -> {
			FailoverChatClient client = context.getBean(FailoverChatClient.class);
			List<ChatResponse> answers = Flux.range(0, 80)
				.flatMap((i) -> client.chat(ChatRequest.of("Hello " + i)), CONCURRENCY)
				.collectList()
				.block(LIMIT);
			assertThat(answers).hasSize(80);
			long servedByOpenai = answers.stream().filter((answer) -> answer.provider().equals("openai")).count();
			int calls = this.openai.requests();
			System.out.println("Budget: " + calls + " calls to the budgeted provider for a budget of 10, " + CONCURRENCY
					+ " in flight at most");
			// Ten calls reach the budget; each of the others in flight when the tenth
			// answered was sent before, and is the only overshoot allowed.
			assertThat(calls).isBetween(10, 10 + CONCURRENCY - 1);
			assertThat(servedByOpenai).isEqualTo(calls);
			ProviderSnapshot openai = context.getBean(ProviderRegistry.class).find("openai").orElseThrow();
			assertThat(openai.spend().today().amount())
				.isEqualByComparingTo(COST_OF_ONE.multiply(BigDecimal.valueOf(calls)))
				.isLessThanOrEqualTo(COST_OF_ONE.multiply(BigDecimal.valueOf(10 + CONCURRENCY - 1)));
			Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			assertThat(openai.inRotation()).isFalse();
			assertThat(openai.overBudgetUntil()).isEqualTo(midnight);
			ProviderDescriptor descriptor = (ProviderDescriptor) context.getBean(LlmProvidersEndpoint.class)
				.provider("openai")
				.getBody();
			assertThat(JsonMapper.builder().build().writeValueAsString(descriptor))
				.contains("\"budget\":{\"daily\":0.07,\"monthly\":null}")
				.contains("\"overBudgetUntil\":\"" + midnight + "\"");
			Health health = context.getBean(LlmProvidersHealthIndicator.class).health(true);
			assertThat((Map<String, Object>) health.getDetails().get("openai")).containsEntry("inRotation", false)
				.containsEntry("overBudgetUntil", midnight.toString());
			// One more request goes to the backup without trying the provider.
			assertThat(client.chat(ChatRequest.of("Hello")).block(LIMIT).attempts()).hasSize(1)
				.allSatisfy((attempt) -> assertThat(attempt.provider()).isEqualTo("backup"));
			assertThat(this.openai.requests()).isEqualTo(calls);
		});
	}

	@Test
	void theTimeZoneOfDaysAndMonthsIsConfigurable() {
		this.runner.withPropertyValues("llm.failover.cost.time-zone=Asia/Tokyo").run((context) -> {
			assertThat(context.getBean(SpendLedger.class).calendar().zone()).hasToString("Asia/Tokyo");
		});
	}

}
