package io.github.llmfailover.fleet;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

import io.github.llmfailover.actuate.LlmProvidersHealthIndicator;
import io.github.llmfailover.autoconfigure.LlmFailoverFleetAutoConfiguration;
import io.github.llmfailover.autoconfigure.LlmProvidersHealthAutoConfiguration;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.cost.Spend;
import io.github.llmfailover.cost.SpendLedger;
import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.routing.RateLimit;
import io.github.llmfailover.test.FakeLlmServer;
import io.github.llmfailover.test.RedisServer;
import io.github.llmfailover.test.TestAutoConfigurations;

import static io.github.llmfailover.test.FakeLlmServer.openAiAnswer;
import static io.github.llmfailover.test.FakeLlmServer.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of an application (two application contexts) sharing one real
 * {@code redis-server}: what one learns about a provider, the other knows within a
 * second; rate limits hold across both; Redis dying under load fails no request.
 */
class FleetModeTests {

	private static final ChatRequest REQUEST = ChatRequest.of("Hello");

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private static final long ONE_SECOND_MS = 1000;

	private final RedisServer redis = RedisServer.start();

	private final FakeLlmServer openai = new FakeLlmServer().answer(openAiAnswer("from openai"));

	private final FakeLlmServer backup = new FakeLlmServer().answer(openAiAnswer("from backup"));

	private final List<Object> closeables = new ArrayList<>();

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.FAILOVER)
			.withConfiguration(AutoConfigurations.of(LlmFailoverFleetAutoConfiguration.class,
					LlmProvidersHealthAutoConfiguration.class, HealthContributorAutoConfiguration.class,
					DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class))
			.withPropertyValues("spring.application.name=fleet-test", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + this.redis.port(), "llm.failover.fleet.enabled=true",
					"llm.failover.providers.openai.type=openai",
					"llm.failover.providers.openai.base-url=" + this.openai.baseUrl(),
					"llm.failover.providers.openai.api-key=sk-openai-never-in-redis",
					"llm.failover.providers.openai.model=gpt-4o-mini", "llm.failover.providers.backup.type=openai",
					"llm.failover.providers.backup.base-url=" + this.backup.baseUrl(),
					"llm.failover.providers.backup.model=gpt-4o-mini", "llm.failover.providers.backup.priority=1",
					"llm.failover.circuit-breaker.sliding-window-size=2",
					"llm.failover.circuit-breaker.minimum-number-of-calls=2",
					"llm.failover.circuit-breaker.permitted-calls-in-half-open-state=1")
			.withPropertyValues(properties);
	}

	@AfterEach
	void stop() {
		this.openai.close();
		this.backup.close();
		this.redis.close();
	}

	@Test
	void aCircuitOpenedOnOneInstanceKeepsTheOtherFromCallingTheProviderWithinASecond() {
		this.openai.answer(status(500, "{\"error\":{\"message\":\"down\"}}"));
		ApplicationContextRunner runner = runner("llm.failover.circuit-breaker.wait-duration-in-open-state=3s");
		runner.run((first) -> runner.run((second) -> {
			awaitShared(first, second);
			chat(first, 2);
			assertThat(provider(first, "openai").circuitState()).isEqualTo(State.OPEN);
			long took = millisUntil(() -> !provider(second, "openai").inRotation());
			System.out.println("Fleet: open circuit reached the other instance in " + took + " ms");
			assertThat(took).isLessThan(ONE_SECOND_MS);
			assertThat(provider(second, "openai").circuitState()).isEqualTo(State.OPEN);
			int calls = this.openai.requests();
			assertThat(chat(second, 10)).containsOnly("backup");
			assertThat(this.openai.requests()).isEqualTo(calls);
			// After the wait the second instance tries first, finds it healthy and says
			// so.
			this.openai.answer(openAiAnswer("from openai"));
			awaitTrue(() -> provider(second, "openai").circuitState() == State.HALF_OPEN, LIMIT.toMillis());
			assertThat(chat(second, 1)).containsOnly("openai");
			assertThat(provider(second, "openai").circuitState()).isEqualTo(State.CLOSED);
			took = millisUntil(() -> provider(first, "openai").circuitState() == State.CLOSED);
			System.out.println("Fleet: closed circuit reached the other instance in " + took + " ms");
			assertThat(took).isLessThan(ONE_SECOND_MS);
		}));
	}

	@Test
	void cooldownsAndOperatorChangesMadeOnOneInstanceShowOnTheOtherAndOnInstancesStartedLater() {
		this.openai.answer(status(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("retry-after", "30")));
		ApplicationContextRunner runner = runner();
		runner.run((first) -> runner.run((second) -> {
			awaitShared(first, second);
			assertThat(chat(first, 1)).containsOnly("backup");
			long took = millisUntil(() -> provider(second, "openai").cooldownUntil() != null);
			System.out.println("Fleet: cooldown reached the other instance in " + took + " ms");
			assertThat(took).isLessThan(ONE_SECOND_MS);
			assertThat(provider(second, "openai").cooldownUntil()).isEqualTo(provider(first, "openai").cooldownUntil());

			registry(first).update("backup", ProviderChange.weight(7));
			took = millisUntil(() -> provider(second, "backup").weight() == 7);
			System.out.println("Fleet: weight change reached the other instance in " + took + " ms");
			assertThat(took).isLessThan(ONE_SECOND_MS);
			registry(second).update("backup", ProviderChange.circuitState(State.FORCED_OPEN));
			awaitTrue(() -> provider(first, "backup").circuitState() == State.FORCED_OPEN, ONE_SECOND_MS);
			assertThat(provider(first, "backup").weight()).isEqualTo(7);
			// An instance that starts later gets the operator changes too.
			runner.run((third) -> {
				awaitTrue(() -> provider(third, "backup").weight() == 7
						&& provider(third, "backup").circuitState() == State.FORCED_OPEN, LIMIT.toMillis());
				assertThat(third.getBean(FleetConnection.class).instances()).isEqualTo(3);
				registry(third).update("backup", ProviderChange.resetToConfiguration());
				awaitTrue(() -> provider(first, "backup").weight() == 1 && provider(second, "backup").weight() == 1
						&& provider(first, "backup").circuitState() == State.CLOSED
						&& provider(second, "backup").circuitState() == State.CLOSED, ONE_SECOND_MS);
			});
			assertEveryKeyExpiresAndHoldsNoSecret(first);
		}));
	}

	@Test
	void aRateLimitSpentAsTheHeadersSayOnOneInstanceHoldsTheOtherBackUntilTheReset() {
		// The last request of the window: answered, and the headers say none is left.
		this.openai.answer((response) -> {
			response.header("x-ratelimit-remaining-requests", "0").header("x-ratelimit-reset-requests", "30s");
			return openAiAnswer("from openai").respond(response);
		});
		ApplicationContextRunner runner = runner();
		runner.run((first) -> runner.run((second) -> {
			awaitShared(first, second);
			assertThat(chat(first, 1)).containsOnly("openai");
			assertThat(provider(first, "openai").rateLimitedUntil()).isNotNull();
			long took = millisUntil(() -> !provider(second, "openai").inRotation());
			System.out.println("Fleet: rate-limit hold reached the other instance in " + took + " ms");
			assertThat(took).isLessThan(ONE_SECOND_MS);
			assertThat(provider(second, "openai").cooldownUntil())
				.isEqualTo(provider(first, "openai").rateLimitedUntil());
			assertThat(chat(second, 3)).containsOnly("backup");
			assertThat(this.openai.requests()).isEqualTo(1);
		}));
	}

	@Test
	void aRequestsPerMinuteLimitHoldsAcrossInstances() {
		// A generous timeout: this checks the counting across instances, and a loaded
		// build machine can take longer than the default 100 ms (the instance would then
		// count alone, see redisKilledUnderLoad...).
		ApplicationContextRunner runner = runner("llm.failover.providers.openai.requests-per-minute=60",
				"llm.failover.fleet.timeout=2s");
		runner.run((first) -> runner.run((second) -> {
			awaitShared(first, second);
			waitForRoomInTheMinute();
			List<Mono<String>> calls = new ArrayList<>();
			for (int i = 0; i < 150; i++) {
				calls.add(client((i % 2 == 0) ? first : second).chat(REQUEST).map((response) -> response.provider()));
			}
			List<String> providers = Flux.mergeSequential(calls, 8, 1).collectList().block(LIMIT);
			long served = providers.stream().filter("openai"::equals).count();
			System.out.println("Fleet: 60 requests-per-minute limit, two instances, openai served " + served
					+ " of 150 (the rest went to backup)");
			assertThat(fleet(first).isConnected() && fleet(second).isConnected()).as("shared all along").isTrue();
			assertThat(this.openai.requests()).isBetween(57, 63);
			assertThat(served).isEqualTo(this.openai.requests());
			assertThat(providers).hasSize(150);
			assertThat(provider(first, "openai").rateLimitedUntil()).isNotNull();
			assertThat(provider(second, "openai").rateLimitedUntil()).isNotNull();
		}));
	}

	@Test
	void redisKilledUnderLoadFailsNoRequestAndSharingResumesWhenItIsBack() throws Exception {
		// A limit high enough never to be reached still puts Redis on every request's
		// path.
		ApplicationContextRunner runner = runner("llm.failover.providers.openai.requests-per-minute=1000000");
		runner.run((first) -> runner.run((second) -> {
			awaitShared(first, second);
			AtomicInteger failed = new AtomicInteger();
			AtomicInteger served = new AtomicInteger();
			long end = System.currentTimeMillis() + 6000;
			Thread load = new Thread(() -> {
				int i = 0;
				while (System.currentTimeMillis() < end) {
					List<Mono<String>> batch = new ArrayList<>();
					for (int j = 0; j < 4; j++) {
						batch.add(client(((i + j) % 2 == 0) ? first : second).chat(REQUEST)
							.map((response) -> response.provider())
							.doOnNext((provider) -> served.incrementAndGet())
							.onErrorResume((ex) -> {
								failed.incrementAndGet();
								return Mono.empty();
							}));
					}
					Flux.merge(batch).blockLast(LIMIT);
					i += 4;
				}
			});
			load.start();
			Thread.sleep(1500);
			this.redis.kill();
			awaitTrue(() -> !fleet(first).isConnected() && !fleet(second).isConnected(), 3000);
			assertThat(fleetHealth(first)).containsEntry("state", "LOCAL");
			Thread.sleep(1500);
			this.redis.restart();
			load.join();
			System.out.println("Fleet: Redis killed for ~2 s under load: " + served.get() + " requests served, "
					+ failed.get() + " failed");
			assertThat(failed).hasValue(0);
			assertThat(served.get()).isGreaterThan(100);
			awaitTrue(() -> fleet(first).isConnected() && fleet(second).isConnected(), 15_000);
			assertThat(fleetHealth(second)).containsEntry("state", "SHARED");
			registry(first).update("backup", ProviderChange.weight(9));
			long took = millisUntil(() -> provider(second, "backup").weight() == 9);
			System.out
				.println("Fleet: after Redis came back, a weight change reached the other instance in " + took + " ms");
			assertThat(took).isLessThan(2 * ONE_SECOND_MS);
		}));
	}

	@Test
	void spendIsCountedAcrossTheFleetSoABudgetHoldsForEveryInstance() {
		// 1000 per million tokens: an answer (5 + 2 tokens) costs 0.007; the daily
		// budget is five answers of the whole fleet.
		ApplicationContextRunner runner = runner("llm.failover.providers.openai.price.input=1000",
				"llm.failover.providers.openai.price.output=1000", "llm.failover.providers.openai.budget.daily=0.035");
		runner.run((first) -> runner.run((second) -> {
			awaitShared(first, second);
			assertThat(first.getBean(SpendLedger.class).isShared()).isTrue();
			assertThat(chat(first, 3)).containsOnly("openai");
			assertThat(chat(second, 2)).containsOnly("openai");
			// An answer is added to the fleet's spend after it is returned: wait for the
			// last one to be counted in Redis.
			SpendLedger ledger = second.getBean(SpendLedger.class);
			awaitTrue(() -> ledger.current("openai", Instant.now())
				.block(LIMIT)
				.today()
				.amount()
				.compareTo(new BigDecimal("0.035")) == 0, LIMIT.toMillis());
			// Each instance checks the fleet's spend before a call: neither calls it
			// again.
			assertThat(chat(first, 2)).containsOnly("backup");
			assertThat(chat(second, 2)).containsOnly("backup");
			assertThat(this.openai.requests()).isEqualTo(5);
			Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			for (AssertableApplicationContext instance : List.of(first, second)) {
				assertThat(provider(instance, "openai").overBudgetUntil()).isEqualTo(midnight);
				// The actuator shows the fleet's spend, not the instance's own.
				awaitTrue(() -> provider(instance, "openai").spend()
					.today()
					.amount()
					.compareTo(new BigDecimal("0.035")) == 0, LIMIT.toMillis());
				assertThat(provider(instance, "openai").spend().thisMonth().amount())
					.isGreaterThanOrEqualTo(new BigDecimal("0.035"));
				assertThat(provider(instance, "openai").spend().scope()).isEqualTo(Spend.Scope.FLEET);
				assertThat(JsonMapper.builder().build().writeValueAsString(provider(instance, "openai").spend()))
					.contains("\"scope\":\"fleet\"");
			}
			assertEveryKeyExpiresAndHoldsNoSecret(first);
		}));
	}

	private static void awaitShared(AssertableApplicationContext... contexts) {
		for (AssertableApplicationContext context : contexts) {
			assertThat(context).hasNotFailed();
			awaitTrue(() -> fleet(context).instances() == contexts.length, LIMIT.toMillis());
		}
	}

	private static FleetConnection fleet(AssertableApplicationContext context) {
		return context.getBean(FleetConnection.class);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> fleetHealth(AssertableApplicationContext context) {
		Health health = context.getBean(LlmProvidersHealthIndicator.class).health(true);
		return (Map<String, Object>) health.getDetails().get("fleet");
	}

	private static FailoverChatClient client(AssertableApplicationContext context) {
		return context.getBean(FailoverChatClient.class);
	}

	private static ProviderRegistry registry(AssertableApplicationContext context) {
		return context.getBean(ProviderRegistry.class);
	}

	private static ProviderSnapshot provider(AssertableApplicationContext context, String name) {
		return registry(context).find(name).orElseThrow();
	}

	private static List<String> chat(AssertableApplicationContext context, int times) {
		List<String> providers = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			providers.add(client(context).chat(REQUEST).block(LIMIT).provider());
		}
		return providers;
	}

	/** Every key fleet mode wrote expires, and none holds an API key. */
	private static void assertEveryKeyExpiresAndHoldsNoSecret(AssertableApplicationContext context) {
		ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(
				context.getBean(ReactiveRedisConnectionFactory.class));
		List<String> keys = redis.scan(ScanOptions.scanOptions().match("*").build()).collectList().block(LIMIT);
		assertThat(keys).isNotEmpty().allMatch((key) -> key.startsWith("{llm-failover:fleet-test}:"));
		for (String key : keys) {
			Duration ttl = redis.getExpire(key).block(LIMIT);
			assertThat(ttl).as("TTL of " + key).isPositive();
			String type = redis.type(key).block(LIMIT).code();
			String content = switch (type) {
				case "string" -> redis.opsForValue().get(key).block(LIMIT);
				case "hash" -> String.valueOf(redis.opsForHash().entries(key).collectList().block(LIMIT));
				default -> String.valueOf(redis.opsForZSet()
					.range(key, org.springframework.data.domain.Range.unbounded())
					.collectList()
					.block(LIMIT));
			};
			assertThat(key + content).doesNotContain("sk-").doesNotContain("Hello");
		}
	}

	/**
	 * Start a rate-limit test early enough in a minute that it ends in the same window.
	 */
	private static void waitForRoomInTheMinute() throws InterruptedException {
		long intoWindow = System.currentTimeMillis() % RateLimit.WINDOW_MILLIS;
		if (intoWindow > 40_000) {
			Thread.sleep(RateLimit.WINDOW_MILLIS - intoWindow + 200);
		}
	}

	private static long millisUntil(BooleanSupplier condition) {
		long start = System.nanoTime();
		awaitTrue(condition, 5 * ONE_SECOND_MS);
		return (System.nanoTime() - start) / 1_000_000;
	}

	private static void awaitTrue(BooleanSupplier condition, long limitMillis) {
		long deadline = System.nanoTime() + limitMillis * 1_000_000;
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Not true within " + limitMillis + " ms");
			}
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
