package io.github.llmfailover.routing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.cost.Budget;
import io.github.llmfailover.cost.LocalSpendLedger;
import io.github.llmfailover.cost.Price;
import io.github.llmfailover.cost.SpendCalendar;
import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderSettings;

/**
 * Assembles a {@link ProviderRegistry} and {@link DefaultFailoverChatClient} the way the
 * auto-configuration does (real Resilience4j breakers and bulkheads, each provider with
 * its concurrency limit), around any {@link ProviderClient}, with a clock tests can move.
 */
final class FailoverHarness {

	static final CircuitBreakerSettings DEFAULT_BREAKER = new CircuitBreakerSettings(50, 20, 5, Duration.ofSeconds(30),
			2);

	private final Map<String, Entry> entries = new LinkedHashMap<>();

	private final Map<String, Integer> maxConcurrentCalls = new LinkedHashMap<>();

	private CircuitBreakerSettings breaker = DEFAULT_BREAKER;

	private FailoverPolicy policy = policy(3, Duration.ofSeconds(10), Duration.ofSeconds(5));

	final MutableClock clock = new MutableClock();

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();

	private final List<ProviderStateListener> listeners = new ArrayList<>();

	private final Map<String, Price> prices = new LinkedHashMap<>();

	private final Map<String, Budget> budgets = new LinkedHashMap<>();

	private SpendCalendar calendar = SpendCalendar.UTC;

	/** Give a provider prices, and a budget unless {@code null}. */
	FailoverHarness price(String name, Price price, @Nullable Budget budget) {
		this.prices.put(name, price);
		if (budget != null) {
			this.budgets.put(name, budget);
		}
		return this;
	}

	private TierRouting tierRouting = TierRouting.weighted();

	FailoverHarness tierRouting(TierRouting tierRouting) {
		this.tierRouting = tierRouting;
		return this;
	}

	private LatencyAwareShares latencyAwareShares = LatencyAwareShares.off();

	FailoverHarness latencyAwareShares(LatencyAwareShares latencyAwareShares) {
		this.latencyAwareShares = latencyAwareShares;
		return this;
	}

	/** Count spend in the days and months of this calendar (UTC by default). */
	FailoverHarness calendar(SpendCalendar calendar) {
		this.calendar = calendar;
		return this;
	}

	/** Limit a provider's requests and tokens per minute, counted on this instance. */
	FailoverHarness rateLimit(String name, RateLimit limit) {
		this.rateLimits.put(name, limit);
		return this;
	}

	FailoverHarness listener(ProviderStateListener listener) {
		this.listeners.add(listener);
		return this;
	}

	private PanicRouting panicRouting = PanicRouting.openCircuits();

	private RetryBudget retryBudget = RetryBudget.unlimited();

	private HeaderRateLimits headerRateLimits = HeaderRateLimits.of(0, 0, Duration.ofSeconds(60));

	private Hedging hedging = Hedging.off();

	FailoverHarness hedging(Hedging hedging) {
		this.hedging = hedging;
		return this;
	}

	FailoverHarness headerRateLimits(HeaderRateLimits headerRateLimits) {
		this.headerRateLimits = headerRateLimits;
		return this;
	}

	FailoverHarness panicRouting(PanicRouting panicRouting) {
		this.panicRouting = panicRouting;
		return this;
	}

	FailoverHarness retryBudget(RetryBudget retryBudget) {
		this.retryBudget = retryBudget;
		return this;
	}

	FailoverHarness observations(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
		return this;
	}

	static FailoverPolicy policy(int maxAttempts, Duration timeout, Duration attemptTimeout) {
		return new FailoverPolicy(maxAttempts, timeout, attemptTimeout,
				new FailoverPolicy.Backoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5)), Duration.ofSeconds(60));
	}

	FailoverHarness provider(String name, int priority, int weight, ProviderClient client) {
		return provider(name, "http://127.0.0.1:1/v1", priority, weight, (settings) -> client);
	}

	FailoverHarness provider(String name, String baseUrl, int priority, int weight,
			Function<ProviderSettings, ProviderClient> client) {
		ProviderSettings settings = new ProviderSettings(name, "openai", URI.create(baseUrl),
				"sk-test-" + name + "-secret", "model-" + name, Map.of(), null);
		this.entries.put(name, new Entry(settings, priority, weight, client.apply(settings)));
		return this;
	}

	/** Declare what a provider can do (by default, everything). */
	FailoverHarness capabilities(String name, java.util.Set<io.github.llmfailover.chat.Capability> capabilities) {
		Entry entry = this.entries.get(name);
		ProviderSettings settings = entry.settings();
		this.entries.put(name,
				new Entry(
						new ProviderSettings(settings.name(), settings.type(), settings.baseUrl(), settings.apiKey(),
								settings.model(), settings.headers(), settings.defaultMaxTokens(),
								settings.maxResponseSize(), capabilities),
						entry.priority(), entry.weight(), entry.client()));
		return this;
	}

	/** Limit a provider's concurrent calls below the default 1000. */
	FailoverHarness maxConcurrentCalls(String name, int limit) {
		this.maxConcurrentCalls.put(name, limit);
		return this;
	}

	FailoverHarness breaker(CircuitBreakerSettings breaker) {
		this.breaker = breaker;
		return this;
	}

	FailoverHarness policy(FailoverPolicy policy) {
		this.policy = policy;
		return this;
	}

	FailoverPolicy policy() {
		return this.policy;
	}

	Built build() {
		Map<String, Integer> limits = new LinkedHashMap<>();
		this.entries.keySet().forEach((name) -> limits.put(name, this.maxConcurrentCalls.getOrDefault(name, 1000)));
		ProviderRegistry.Builder builder = ProviderRegistry.builder(CircuitBreakerRegistry.ofDefaults())
			.bulkheads(BulkheadRegistry.ofDefaults(), limits)
			.clock(this.clock)
			.listeners(this.listeners)
			.rateLimiter(new LocalProviderRateLimiter(this.rateLimits, this.clock))
			.panicRouting(this.panicRouting)
			.headerRateLimits(this.headerRateLimits);
		Map<String, Currency> currencies = new LinkedHashMap<>();
		this.prices.forEach((name, price) -> currencies.put(name, price.currency()));
		builder.spendLedger(new LocalSpendLedger(currencies, this.calendar))
			.tierRouting(this.tierRouting)
			.latencyAwareShares(this.latencyAwareShares);
		this.entries.values()
			.forEach((entry) -> builder.add(
					new ProviderRoute(entry.settings(), entry.priority(), entry.weight(), true, this.breaker,
							this.prices.get(entry.settings().name()), this.budgets.get(entry.settings().name())),
					entry.client()));
		ProviderRegistry registry = builder.build();
		return new Built(registry, new DefaultFailoverChatClient(registry, this.policy, this.retryBudget, this.hedging,
				this.clock, new FailoverObservations(this.observationRegistry, null, null)));
	}

	record Entry(ProviderSettings settings, int priority, int weight, ProviderClient client) {
	}

	record Built(ProviderRegistry registry, DefaultFailoverChatClient client) {

		RoutedProvider provider(String name) {
			return this.registry.get(name);
		}

		ProviderSnapshot snapshot(String name) {
			return this.registry.find(name).orElseThrow();
		}

	}

	/**
	 * A clock that follows real time plus an offset tests can add to, so that cooldowns
	 * can pass without waiting.
	 */
	static final class MutableClock extends Clock {

		private volatile long offsetMillis;

		void advance(Duration duration) {
			this.offsetMillis += duration.toMillis();
		}

		/**
		 * Move to one second into the next rate-limit window, so that a test fits in one.
		 */
		void setTo(Instant instant) {
			this.offsetMillis = instant.toEpochMilli() - System.currentTimeMillis();
		}

		void startOfNextWindow() {
			this.offsetMillis += RateLimit.WINDOW_MILLIS - (millis() % RateLimit.WINDOW_MILLIS) + 1000;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public long millis() {
			return System.currentTimeMillis() + this.offsetMillis;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(millis());
		}

	}

}
