package io.github.llmfailover.autoconfigure;

import java.time.Duration;
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
	@NestedConfigurationProperty
	private final BackoffProperties backoff = new BackoffProperties();

	/**
	 * Circuit breaker defaults for every provider; providers.<name>.circuit-breaker
	 * overrides them one by one.
	 */
	@NestedConfigurationProperty
	private final CircuitBreakerProperties circuitBreaker = CircuitBreakerProperties.withDefaults();

	/**
	 * HTTP connections to the providers.
	 */
	@NestedConfigurationProperty
	private final HttpProperties http = new HttpProperties();

	/**
	 * Routing past open circuits when no provider is in rotation.
	 */
	@NestedConfigurationProperty
	private final PanicProperties panic = new PanicProperties();

	/**
	 * The share of calls retries and failovers may add to the requests.
	 */
	@NestedConfigurationProperty
	private final RetryBudgetProperties retryBudget = new RetryBudgetProperties();

	/**
	 * How spend is counted for the actuator and for budgets.
	 */
	@NestedConfigurationProperty
	private final CostProperties cost = new CostProperties();

	/**
	 * Routing on the rate-limit headers of the providers' answers.
	 */
	@NestedConfigurationProperty
	private final RateLimitHeadersProperties rateLimitHeaders = new RateLimitHeadersProperties();

	/**
	 * Hedged requests: a second provider when the first is slow.
	 */
	@NestedConfigurationProperty
	private final HedgingProperties hedging = new HedgingProperties();

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

	public BackoffProperties getBackoff() {
		return this.backoff;
	}

	public CircuitBreakerProperties getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public HttpProperties getHttp() {
		return this.http;
	}

	public PanicProperties getPanic() {
		return this.panic;
	}

	public RetryBudgetProperties getRetryBudget() {
		return this.retryBudget;
	}

	public CostProperties getCost() {
		return this.cost;
	}

	public RateLimitHeadersProperties getRateLimitHeaders() {
		return this.rateLimitHeaders;
	}

	public HedgingProperties getHedging() {
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

}
