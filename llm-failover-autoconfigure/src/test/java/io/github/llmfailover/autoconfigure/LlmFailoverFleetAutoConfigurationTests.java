package io.github.llmfailover.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.fleet.FleetConnection;
import io.github.llmfailover.fleet.FleetStatePublisher;
import io.github.llmfailover.fleet.FleetStateSync;
import io.github.llmfailover.fleet.RedisProviderRateLimiter;
import io.github.llmfailover.routing.LocalProviderRateLimiter;
import io.github.llmfailover.routing.ProviderRateLimiter;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.test.ExpectedStartupFailures;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.TestAutoConfigurations;

import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fleet mode's auto-configuration: off unless asked for, invisible without Redis on the
 * classpath, a clear start-up failure when asked for without Redis, and a start-up that
 * does not wait for Redis.
 */
@ExtendWith(ExpectedStartupFailures.class)
class LlmFailoverFleetAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.FAILOVER)
		.withConfiguration(AutoConfigurations.of(LlmFailoverFleetAutoConfiguration.class))
		.withPropertyValues("llm.failover.providers.openai.type=openai",
				"llm.failover.providers.openai.base-url=https://api.openai.com/v1",
				"llm.failover.providers.openai.model=gpt-4o-mini",
				"llm.failover.providers.openai.requests-per-minute=100");

	private final ApplicationContextRunner withRedis = this.runner.withConfiguration(
			AutoConfigurations.of(DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class));

	@Test
	void withoutRedisOnTheClasspathNothingChanges() {
		this.withRedis.withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "io.lettuce"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(FleetConnection.class)
					.doesNotHaveBean(FleetStateSync.class)
					.hasSingleBean(FailoverChatClient.class);
				assertThat(context.getBean(ProviderRateLimiter.class)).isInstanceOf(LocalProviderRateLimiter.class);
			});
	}

	@Test
	void fleetModeIsOffUnlessEnabled() {
		this.withRedis.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(FleetConnection.class)
				.doesNotHaveBean(FleetStatePublisher.class)
				.hasSingleBean(ReactiveRedisConnectionFactory.class);
			assertThat(context.getBean(ProviderRateLimiter.class)).isInstanceOf(LocalProviderRateLimiter.class);
		});
	}

	@Test
	void enablingItWithoutSpringDataRedisFailsStartUpSayingWhatToAdd() {
		this.withRedis.withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "io.lettuce"))
			.withPropertyValues("llm.failover.fleet.enabled=true")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("llm.failover.fleet.enabled is true")
					.contains("Spring Data Redis is not on the classpath");
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis-reactive");
			});
	}

	@Test
	void enablingItWithoutARedisConnectionFailsStartUpSayingWhatToSet() {
		this.runner.withPropertyValues("llm.failover.fleet.enabled=true").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("no reactive Redis connection is configured");
			assertThat(analysis.getAction()).contains("spring.data.redis.*");
		});
	}

	@Test
	void anInstanceStartsAndServesWhileRedisIsDownAndSaysItWorksAlone() throws Exception {
		try (FakeLlmServer openai = new FakeLlmServer().answer(openAiAnswer("hi"))) {
			this.withRedis
				.withPropertyValues("llm.failover.fleet.enabled=true", "spring.data.redis.port=" + closedPort(),
						"llm.failover.providers.openai.base-url=" + openai.baseUrl())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(ProviderRateLimiter.class)).isInstanceOf(RedisProviderRateLimiter.class);
					FleetConnection fleet = context.getBean(FleetConnection.class);
					// It starts alone, and says why once its first sync finds no Redis.
					assertThat(fleet.isConnected()).isFalse();
					await().atMost(Duration.ofSeconds(10)).until(() -> fleet.lastError() != null);
					assertThat(fleet.lastError()).contains("Unable to connect to Redis");
					assertThat(fleet.isConnected()).isFalse();
					assertThat(context.getBean(FailoverChatClient.class)
						.chat(ChatRequest.of("Hello"))
						.block(Duration.ofSeconds(5))
						.provider()).isEqualTo("openai");
					assertThat(context.getBean(ProviderRegistry.class).providers()).hasSize(1);
				});
		}
	}

	@Test
	void aBadSyncIntervalFailsStartUp() {
		this.withRedis.withPropertyValues("llm.failover.fleet.enabled=true", "llm.failover.fleet.sync-interval=0s")
			.run((context) -> assertThat(analyze(context).getDescription())
				.contains("llm.failover.fleet.sync-interval is PT0S"));
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new LlmFailoverFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	private static int closedPort() throws java.io.IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
