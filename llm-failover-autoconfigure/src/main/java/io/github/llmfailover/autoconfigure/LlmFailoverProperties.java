package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import io.github.llmfailover.provider.ProviderSettings;

/**
 * Configuration of the failover chat client: the providers, how hard a request tries, and
 * the circuit breaker defaults.
 */
@ConfigurationProperties(LlmFailoverProperties.PREFIX)
public class LlmFailoverProperties {

	public static final String PREFIX = "llm.failover";

	/**
	 * Whether to create the failover chat client. When false, no bean of this starter is
	 * created.
	 */
	private boolean enabled = true;

	/**
	 * Calls per request, all providers together. Calls the circuit breaker refused do not
	 * count.
	 */
	private int maxAttempts = 3;

	/**
	 * Deadline of a whole request: all attempts and backoffs together.
	 */
	private Duration timeout = Duration.ofSeconds(60);

	/**
	 * Limit of one attempt; for streams, the wait for the first token. Never longer than
	 * what is left of the request's deadline.
	 */
	private Duration attemptTimeout = Duration.ofSeconds(30);

	/**
	 * Longest time a provider's Retry-After (or retry-after-ms) on a 429, 503 or 529
	 * takes it out of rotation.
	 */
	private Duration maxCooldown = Duration.ofSeconds(60);

	/**
	 * Concurrent calls each provider may have in flight; a call over the limit fails over
	 * at once instead of waiting. Overridden by providers.<name>.max-concurrent-calls.
	 */
	private int maxConcurrentCalls = 1000;

	/**
	 * Most of one answer held in memory, for every provider: a whole answer, or one frame
	 * of a stream (streams as a whole have no limit). A longer answer fails the request
	 * without failover or circuit penalty. Overridden by
	 * providers.<name>.max-response-size.
	 */
	private DataSize maxResponseSize = ProviderSettings.DEFAULT_MAX_RESPONSE_SIZE;

	/**
	 * Delay before calling again a provider the same request already tried.
	 */
	private final Backoff backoff = new Backoff();

	/**
	 * Circuit breaker defaults for every provider; providers.<name>.circuit-breaker
	 * overrides them one by one.
	 */
	private final CircuitBreaker circuitBreaker = CircuitBreaker.withDefaults();

	/**
	 * HTTP connections to the providers.
	 */
	private final Http http = new Http();

	/**
	 * Routing past open circuits when no provider is in rotation.
	 */
	private final Panic panic = new Panic();

	/**
	 * The share of calls retries and failovers may add to the requests.
	 */
	private final RetryBudget retryBudget = new RetryBudget();

	/**
	 * How spend is counted for the actuator and for budgets.
	 */
	private final Cost cost = new Cost();

	/**
	 * Routing on the rate-limit headers of the providers' answers.
	 */
	private final RateLimitHeaders rateLimitHeaders = new RateLimitHeaders();

	/**
	 * Hedged requests: a second provider when the first is slow.
	 */
	private final Hedging hedging = new Hedging();

	/**
	 * How a request chooses among the providers of its priority tier.
	 */
	@NestedConfigurationProperty
	private final RoutingProperties routing = new RoutingProperties();

	/**
	 * The providers, by name. The name shows in the X-Provider header, metric tags and
	 * the actuator endpoint.
	 */
	private Map<String, ProviderProperties> providers = new LinkedHashMap<>();

	/**
	 * Model groups by name: each a failover route over some of the providers, at the
	 * priority and weight each has in the group, chosen per request and by the model a
	 * gateway client asks for. Unset: one group, 'default', of every provider.
	 */
	private Map<String, GroupProperties> groups = new LinkedHashMap<>();

	/**
	 * Group that serves requests that name none, and the FailoverChatClient bean. Unset:
	 * the group named 'default' if one is configured, else every provider at its own
	 * priority and weight (as without groups).
	 */
	private @Nullable String defaultGroup;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getAttemptTimeout() {
		return this.attemptTimeout;
	}

	public void setAttemptTimeout(Duration attemptTimeout) {
		this.attemptTimeout = attemptTimeout;
	}

	public Duration getMaxCooldown() {
		return this.maxCooldown;
	}

	public void setMaxCooldown(Duration maxCooldown) {
		this.maxCooldown = maxCooldown;
	}

	public int getMaxConcurrentCalls() {
		return this.maxConcurrentCalls;
	}

	public void setMaxConcurrentCalls(int maxConcurrentCalls) {
		this.maxConcurrentCalls = maxConcurrentCalls;
	}

	public DataSize getMaxResponseSize() {
		return this.maxResponseSize;
	}

	public void setMaxResponseSize(DataSize maxResponseSize) {
		this.maxResponseSize = maxResponseSize;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public Http getHttp() {
		return this.http;
	}

	public Panic getPanic() {
		return this.panic;
	}

	public RetryBudget getRetryBudget() {
		return this.retryBudget;
	}

	public Cost getCost() {
		return this.cost;
	}

	public RateLimitHeaders getRateLimitHeaders() {
		return this.rateLimitHeaders;
	}

	public Hedging getHedging() {
		return this.hedging;
	}

	public RoutingProperties getRouting() {
		return this.routing;
	}

	public Map<String, ProviderProperties> getProviders() {
		return this.providers;
	}

	public void setProviders(Map<String, ProviderProperties> providers) {
		this.providers = providers;
	}

	public Map<String, GroupProperties> getGroups() {
		return this.groups;
	}

	public void setGroups(Map<String, GroupProperties> groups) {
		this.groups = groups;
	}

	public @Nullable String getDefaultGroup() {
		return this.defaultGroup;
	}

	public void setDefaultGroup(@Nullable String defaultGroup) {
		this.defaultGroup = defaultGroup;
	}

	/**
	 * Exponential backoff with full jitter.
	 */
	public static class Backoff {

		/**
		 * Ceiling of the first delay.
		 */
		private Duration initial = Duration.ofMillis(200);

		/**
		 * Growth of the ceiling for each further retry of the same provider.
		 */
		private double multiplier = 2.0;

		/**
		 * Cap of the ceiling.
		 */
		private Duration max = Duration.ofSeconds(5);

		public Duration getInitial() {
			return this.initial;
		}

		public void setInitial(Duration initial) {
			this.initial = initial;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

	}

	/**
	 * Panic routing: when every provider that could serve a request is out of rotation
	 * only because its circuit is open, route to them anyway.
	 */
	public static class Panic {

		/**
		 * Whether to route requests to providers whose circuit is open when no provider
		 * is in rotation, rather than fail them fast. Providers that are disabled, at
		 * weight 0, forced open or cooling down after a Retry-After never take part.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Retry budget: over a sliding window, the calls of requests after their first
	 * attempt (retries and failovers) may add at most a share of the requests plus a
	 * minimum rate. Retries of requests that are served in the end give their tokens
	 * back.
	 */
	public static class RetryBudget {

		/**
		 * Whether to limit retries and failovers by the budget. When false, every request
		 * may make max-attempts calls.
		 */
		private boolean enabled = true;

		/**
		 * Share of the request rate, in percent, that retries and failovers may add.
		 */
		private double percent = 20;

		/**
		 * Retries allowed per second whatever the request rate, so that an instance with
		 * little traffic can still fail over.
		 */
		private int minRetriesPerSecond = 10;

		/**
		 * How long requests and retries count towards the budget.
		 */
		private Duration window = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getPercent() {
			return this.percent;
		}

		public void setPercent(double percent) {
			this.percent = percent;
		}

		public int getMinRetriesPerSecond() {
			return this.minRetriesPerSecond;
		}

		public void setMinRetriesPerSecond(int minRetriesPerSecond) {
			this.minRetriesPerSecond = minRetriesPerSecond;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

	/**
	 * Routing on rate-limit headers: OpenAI's x-ratelimit-remaining-* and
	 * x-ratelimit-reset-*, Anthropic's anthropic-ratelimit-*-remaining and -reset. When
	 * what a provider has left, less the calls in flight to it, falls to the reserve, it
	 * leaves rotation until the announced reset, before it answers 429.
	 */
	public static class RateLimitHeaders {

		/**
		 * Whether to take a provider out of rotation when its rate-limit headers say its
		 * budget is spent. Providers that send no such headers are not affected.
		 */
		private boolean enabled = true;

		/**
		 * Requests to leave unused in each window, for other clients of the same API key.
		 */
		private long reserveRequests = 0;

		/**
		 * Tokens to leave unused in each window, for other clients of the same API key.
		 */
		private long reserveTokens = 0;

		/**
		 * Longest time a provider is kept out of rotation on its headers' word, whatever
		 * reset they announce.
		 */
		private Duration maxHold = Duration.ofSeconds(60);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getReserveRequests() {
			return this.reserveRequests;
		}

		public void setReserveRequests(long reserveRequests) {
			this.reserveRequests = reserveRequests;
		}

		public long getReserveTokens() {
			return this.reserveTokens;
		}

		public void setReserveTokens(long reserveTokens) {
			this.reserveTokens = reserveTokens;
		}

		public Duration getMaxHold() {
			return this.maxHold;
		}

		public void setMaxHold(Duration maxHold) {
			this.maxHold = maxHold;
		}

	}

	/**
	 * Hedged requests: when a request's first attempt has not answered (a stream: sent
	 * its first token) after a delay, the same request goes to another provider in
	 * rotation; the first answer wins and the other call is cancelled.
	 */
	public static class Hedging {

		/**
		 * Whether requests are hedged unless they say otherwise
		 * (ChatRequest.builder().hedging(false)). When false, only requests that ask
		 * (hedging(true)) are.
		 */
		private boolean enabled = false;

		/**
		 * How long the first attempt may take before the hedge goes. When not set, the
		 * percentile below of the first provider's recent latency (whole answers, or a
		 * stream's first token); a provider with fewer than 20 recent answers is then not
		 * hedged.
		 */
		private @Nullable Duration delay;

		/**
		 * Percentile of the first provider's recent latency to wait for, when no fixed
		 * delay is set. Above 0 and below 100.
		 */
		private double percentile = 95;

		/**
		 * Hedges allowed, in percent of the hedged requests (a token bucket holding up to
		 * 10 hedges for bursts). Between 0 and 100.
		 */
		private double budgetPercent = 10;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getDelay() {
			return this.delay;
		}

		public void setDelay(@Nullable Duration delay) {
			this.delay = delay;
		}

		public double getPercentile() {
			return this.percentile;
		}

		public void setPercentile(double percentile) {
			this.percentile = percentile;
		}

		public double getBudgetPercent() {
			return this.budgetPercent;
		}

		public void setBudgetPercent(double budgetPercent) {
			this.budgetPercent = budgetPercent;
		}

	}

	/**
	 * Circuit breaker settings. Unset values of a provider's block fall back to the
	 * defaults.
	 */
	public static class CircuitBreaker {

		/**
		 * Failure percentage (1-100) of the recent calls that opens the circuit.
		 */
		private @Nullable Float failureRateThreshold;

		/**
		 * Number of recent calls the failure rate is computed over.
		 */
		private @Nullable Integer slidingWindowSize;

		/**
		 * Calls needed in the window before the failure rate can open the circuit.
		 */
		private @Nullable Integer minimumNumberOfCalls;

		/**
		 * How long an open circuit keeps the provider out of rotation before trial calls.
		 */
		private @Nullable Duration waitDurationInOpenState;

		/**
		 * Trial calls in the half-open state that decide whether the circuit closes
		 * again.
		 */
		private @Nullable Integer permittedCallsInHalfOpenState;

		static CircuitBreaker withDefaults() {
			CircuitBreaker defaults = new CircuitBreaker();
			defaults.failureRateThreshold = 50f;
			defaults.slidingWindowSize = 20;
			defaults.minimumNumberOfCalls = 5;
			defaults.waitDurationInOpenState = Duration.ofSeconds(30);
			defaults.permittedCallsInHalfOpenState = 2;
			return defaults;
		}

		public @Nullable Float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(@Nullable Float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public @Nullable Integer getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(@Nullable Integer slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public @Nullable Integer getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(@Nullable Integer minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public @Nullable Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(@Nullable Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		public @Nullable Integer getPermittedCallsInHalfOpenState() {
			return this.permittedCallsInHalfOpenState;
		}

		public void setPermittedCallsInHalfOpenState(@Nullable Integer permittedCallsInHalfOpenState) {
			this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
		}

	}

	/**
	 * HTTP connections to the providers. Each provider has a connection pool of its own,
	 * so a slow provider cannot starve the others of connections.
	 */
	public static class Http {

		/**
		 * Connections each provider's pool may open.
		 */
		private int maxConnections = 500;

		/**
		 * How long an idle pooled connection is kept; providers close idle connections on
		 * their side, and reusing one they closed costs a failed attempt.
		 */
		private Duration maxIdleTime = Duration.ofSeconds(30);

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public Duration getMaxIdleTime() {
			return this.maxIdleTime;
		}

		public void setMaxIdleTime(Duration maxIdleTime) {
			this.maxIdleTime = maxIdleTime;
		}

	}

	/**
	 * How spend is counted.
	 */
	public static class Cost {

		/**
		 * Time zone whose midnight starts a new day, and whose first of the month a new
		 * month, for the spend the actuator shows and for budgets.
		 */
		private ZoneId timeZone = ZoneId.of("UTC");

		public ZoneId getTimeZone() {
			return this.timeZone;
		}

		public void setTimeZone(ZoneId timeZone) {
			this.timeZone = timeZone;
		}

	}

}
