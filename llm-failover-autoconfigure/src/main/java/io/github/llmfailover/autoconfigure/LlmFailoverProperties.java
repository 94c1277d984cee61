package io.github.llmfailover.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.StructuredOutputMethod;

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
	private final Routing routing = new Routing();

	/**
	 * The providers, by name. The name shows in the X-Provider header, metric tags and
	 * the actuator endpoint.
	 */
	private Map<String, Provider> providers = new LinkedHashMap<>();

	/**
	 * Model groups by name: each a failover route over some of the providers, at the
	 * priority and weight each has in the group, chosen per request and by the model a
	 * gateway client asks for. Unset: one group, 'default', of every provider.
	 */
	private Map<String, Group> groups = new LinkedHashMap<>();

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

	public Routing getRouting() {
		return this.routing;
	}

	public Map<String, Provider> getProviders() {
		return this.providers;
	}

	public void setProviders(Map<String, Provider> providers) {
		this.providers = providers;
	}

	public Map<String, Group> getGroups() {
		return this.groups;
	}

	public void setGroups(Map<String, Group> groups) {
		this.groups = groups;
	}

	public @Nullable String getDefaultGroup() {
		return this.defaultGroup;
	}

	public void setDefaultGroup(@Nullable String defaultGroup) {
		this.defaultGroup = defaultGroup;
	}

	/**
	 * A model group: a failover route over some of the providers. A provider in several
	 * groups is one provider: its circuit breaker, cooldowns, rate limits and operator
	 * changes apply in every group.
	 */
	public static class Group {

		/**
		 * The group's providers by name, each with its priority and weight in the group
		 * (unset: the provider's own).
		 */
		private Map<String, GroupProvider> providers = new LinkedHashMap<>();

		/**
		 * Other names of the group, e.g. the model names a gateway's clients send.
		 */
		private List<String> aliases = new ArrayList<>();

		/**
		 * Calls per request of this group; unset: llm.failover.max-attempts.
		 */
		private @Nullable Integer maxAttempts;

		/**
		 * Deadline of a request of this group; unset: llm.failover.timeout.
		 */
		private @Nullable Duration timeout;

		/**
		 * Limit of one attempt of this group; unset: llm.failover.attempt-timeout.
		 */
		private @Nullable Duration attemptTimeout;

		public Map<String, GroupProvider> getProviders() {
			return this.providers;
		}

		public void setProviders(Map<String, GroupProvider> providers) {
			this.providers = providers;
		}

		public List<String> getAliases() {
			return this.aliases;
		}

		public void setAliases(List<String> aliases) {
			this.aliases = aliases;
		}

		public @Nullable Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable Duration getAttemptTimeout() {
			return this.attemptTimeout;
		}

		public void setAttemptTimeout(@Nullable Duration attemptTimeout) {
			this.attemptTimeout = attemptTimeout;
		}

	}

	/**
	 * A provider in a model group.
	 */
	public static class GroupProvider {

		/**
		 * Share of the group's traffic inside the provider's tier in the group; 0 keeps
		 * it out of this group's rotation. Unset: the provider's weight, as operators
		 * change it.
		 */
		private @Nullable Integer weight;

		/**
		 * Priority tier in the group; lower serves first. Unset: the provider's priority.
		 */
		private @Nullable Integer priority;

		public @Nullable Integer getWeight() {
			return this.weight;
		}

		public void setWeight(@Nullable Integer weight) {
			this.weight = weight;
		}

		public @Nullable Integer getPriority() {
			return this.priority;
		}

		public void setPriority(@Nullable Integer priority) {
			this.priority = priority;
		}

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
	 * One LLM provider.
	 */
	public static class Provider {

		/**
		 * Wire format: openai (OpenAI and every OpenAI-compatible API), anthropic,
		 * ollama, spring-ai (a Spring AI ChatModel bean, with Spring AI on the
		 * classpath), or a type added by a ProviderClientFactory bean.
		 */
		private @Nullable String type;

		/**
		 * API root: https://api.openai.com/v1 for OpenAI, https://api.anthropic.com for
		 * Anthropic, http://localhost:11434 for Ollama.
		 */
		private @Nullable String baseUrl;

		/**
		 * API key: sent as a Bearer token (openai, ollama) or in x-api-key (anthropic).
		 * Never logged or shown.
		 */
		private @Nullable String apiKey;

		/**
		 * Model to ask for.
		 */
		private @Nullable String model;

		/**
		 * Name of the Spring AI ChatModel bean that serves this provider, for type
		 * spring-ai (which takes no base-url or api-key: the bean has its own).
		 */
		private @Nullable String chatModel;

		/**
		 * Share of traffic inside the provider's priority tier; 0 takes it out of
		 * rotation.
		 */
		private int weight = 1;

		/**
		 * Priority tier: lower serves first; a higher tier serves only when every
		 * provider of the lower tiers is out of rotation or already failed for the
		 * request.
		 */
		private int priority = 0;

		/**
		 * Whether the provider is in rotation.
		 */
		private boolean enabled = true;

		/**
		 * Extra request headers, e.g. an organization or project id.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Token limit for requests that set none. Anthropic requires a limit and uses
		 * 1024 when neither the request nor this property sets one.
		 */
		private @Nullable Integer maxTokens;

		/**
		 * Concurrent calls this provider may have in flight; overrides
		 * llm.failover.max-concurrent-calls.
		 */
		private @Nullable Integer maxConcurrentCalls;

		/**
		 * Most of one answer of this provider held in memory; overrides
		 * llm.failover.max-response-size.
		 */
		private @Nullable DataSize maxResponseSize;

		/**
		 * Requests this provider may be sent per minute, counted in fixed one-minute
		 * windows; at the limit it leaves rotation until the window ends. Counted on each
		 * instance, or across all of them in fleet mode. Unset: no limit.
		 */
		private @Nullable Long requestsPerMinute;

		/**
		 * Tokens (input and output, as the provider reports them) this provider's answers
		 * may count per minute; at the limit it leaves rotation until the window ends.
		 * Unset: no limit.
		 */
		private @Nullable Long tokensPerMinute;

		/**
		 * Circuit breaker settings of this provider; unset values fall back to
		 * llm.failover.circuit-breaker.
		 */
		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		/**
		 * Prices of this provider's model; unset, its calls have no cost figures.
		 */
		private final Pricing price = new Pricing();

		/**
		 * What this provider may cost per day and per month, in the currency of its
		 * prices (which it needs); at either, it leaves rotation until the period ends.
		 */
		private final ProviderBudget budget = new ProviderBudget();

		/**
		 * What this provider can do beyond text, overriding its type's defaults: tools,
		 * forced-tool-choice, images, image-urls, json-schema, each true or false.
		 * Requests that need a capability go only to providers that have it.
		 */
		private final Map<Capability, Boolean> capabilities = new LinkedHashMap<>();

		/**
		 * How this provider is asked for an answer matching a JSON Schema: native (the
		 * provider's own field; Anthropic's output_config.format) or tool (anthropic
		 * only: a forced tool whose input is the answer, for models without
		 * output_config).
		 */
		private StructuredOutputMethod structuredOutput = StructuredOutputMethod.NATIVE;

		public @Nullable String getType() {
			return this.type;
		}

		public void setType(@Nullable String type) {
			this.type = type;
		}

		public @Nullable String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public @Nullable String getApiKey() {
			return this.apiKey;
		}

		public void setApiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
		}

		public @Nullable String getModel() {
			return this.model;
		}

		public void setModel(@Nullable String model) {
			this.model = model;
		}

		public @Nullable String getChatModel() {
			return this.chatModel;
		}

		public void setChatModel(@Nullable String chatModel) {
			this.chatModel = chatModel;
		}

		public int getWeight() {
			return this.weight;
		}

		public void setWeight(int weight) {
			this.weight = weight;
		}

		public int getPriority() {
			return this.priority;
		}

		public void setPriority(int priority) {
			this.priority = priority;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public @Nullable Integer getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
		}

		public @Nullable Integer getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

		public @Nullable DataSize getMaxResponseSize() {
			return this.maxResponseSize;
		}

		public void setMaxResponseSize(@Nullable DataSize maxResponseSize) {
			this.maxResponseSize = maxResponseSize;
		}

		public @Nullable Long getRequestsPerMinute() {
			return this.requestsPerMinute;
		}

		public void setRequestsPerMinute(@Nullable Long requestsPerMinute) {
			this.requestsPerMinute = requestsPerMinute;
		}

		public @Nullable Long getTokensPerMinute() {
			return this.tokensPerMinute;
		}

		public void setTokensPerMinute(@Nullable Long tokensPerMinute) {
			this.tokensPerMinute = tokensPerMinute;
		}

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

		public Pricing getPrice() {
			return this.price;
		}

		public ProviderBudget getBudget() {
			return this.budget;
		}

		public Map<Capability, Boolean> getCapabilities() {
			return this.capabilities;
		}

		public StructuredOutputMethod getStructuredOutput() {
			return this.structuredOutput;
		}

		public void setStructuredOutput(StructuredOutputMethod structuredOutput) {
			this.structuredOutput = structuredOutput;
		}

		@Override
		public String toString() {
			return "Provider{type=" + this.type + ", baseUrl="
					+ ((this.baseUrl != null) ? ProviderSettings.maskUserInfo(this.baseUrl) : null) + ", model="
					+ this.model + ", apiKey=" + ((this.apiKey != null) ? ProviderSettings.SECRET_MASK : "none") + "}";
		}

	}

	/**
	 * A provider's list prices, per million tokens, which turn the tokens it reports into
	 * what each call cost.
	 */
	public static class Pricing {

		/**
		 * Price of one million input tokens. Required with any other price.
		 */
		private @Nullable BigDecimal input;

		/**
		 * Price of one million input tokens read from the provider's prompt cache. Unset:
		 * the input price.
		 */
		private @Nullable BigDecimal cachedInput;

		/**
		 * Price of one million input tokens written to the provider's prompt cache
		 * (Anthropic charges them above the input price). Unset: the input price.
		 */
		private @Nullable BigDecimal cacheWrite;

		/**
		 * Price of one million output tokens. Required with any other price.
		 */
		private @Nullable BigDecimal output;

		/**
		 * ISO 4217 code of the currency of these prices.
		 */
		private String currency = "USD";

		/**
		 * Whether any price is set.
		 * @return {@code true} when the provider has prices
		 */
		boolean isConfigured() {
			return this.input != null || this.cachedInput != null || this.cacheWrite != null || this.output != null;
		}

		public @Nullable BigDecimal getInput() {
			return this.input;
		}

		public void setInput(@Nullable BigDecimal input) {
			this.input = input;
		}

		public @Nullable BigDecimal getCachedInput() {
			return this.cachedInput;
		}

		public void setCachedInput(@Nullable BigDecimal cachedInput) {
			this.cachedInput = cachedInput;
		}

		public @Nullable BigDecimal getCacheWrite() {
			return this.cacheWrite;
		}

		public void setCacheWrite(@Nullable BigDecimal cacheWrite) {
			this.cacheWrite = cacheWrite;
		}

		public @Nullable BigDecimal getOutput() {
			return this.output;
		}

		public void setOutput(@Nullable BigDecimal output) {
			this.output = output;
		}

		public String getCurrency() {
			return this.currency;
		}

		public void setCurrency(String currency) {
			this.currency = currency;
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

	/**
	 * What a provider may cost, in the currency of its prices.
	 */
	public static class ProviderBudget {

		/**
		 * The most this provider's answers may cost in one day; once reached, it leaves
		 * rotation until midnight. Unset: no daily limit.
		 */
		private @Nullable BigDecimal daily;

		/**
		 * The most this provider's answers may cost in one month; once reached, it leaves
		 * rotation until the first of the next month. Unset: no monthly limit.
		 */
		private @Nullable BigDecimal monthly;

		boolean isConfigured() {
			return this.daily != null || this.monthly != null;
		}

		public @Nullable BigDecimal getDaily() {
			return this.daily;
		}

		public void setDaily(@Nullable BigDecimal daily) {
			this.daily = daily;
		}

		public @Nullable BigDecimal getMonthly() {
			return this.monthly;
		}

		public void setMonthly(@Nullable BigDecimal monthly) {
			this.monthly = monthly;
		}

	}

	/**
	 * How a request chooses among the providers of its priority tier.
	 */
	public static class Routing {

		/**
		 * Strategy of every tier: weighted (by weight alone), cheapest-first (the
		 * providers with the lowest expected cost of the request first, weights sharing
		 * among equal costs, providers without a price last) or latency-aware (weights
		 * adjusted by each provider's recent latency, see routing.latency-aware).
		 */
		private Strategy strategy = Strategy.WEIGHTED;

		/**
		 * Strategy of single tiers, by priority, overriding routing.strategy for them.
		 */
		private Map<Integer, Strategy> tierStrategy = new LinkedHashMap<>();

		/**
		 * Output tokens cheapest-first expects of a request that sets no max tokens, when
		 * its provider sets no max-tokens either, until the provider has answered; from
		 * then on, the decaying average of its answers' output tokens is expected.
		 */
		private int expectedOutputTokens = 500;

		/**
		 * Latency-aware shares, in the tiers whose strategy is latency-aware.
		 */
		private final LatencyAware latencyAware = new LatencyAware();

		public Strategy getStrategy() {
			return this.strategy;
		}

		public void setStrategy(Strategy strategy) {
			this.strategy = strategy;
		}

		public Map<Integer, Strategy> getTierStrategy() {
			return this.tierStrategy;
		}

		public void setTierStrategy(Map<Integer, Strategy> tierStrategy) {
			this.tierStrategy = tierStrategy;
		}

		public int getExpectedOutputTokens() {
			return this.expectedOutputTokens;
		}

		public void setExpectedOutputTokens(int expectedOutputTokens) {
			this.expectedOutputTokens = expectedOutputTokens;
		}

		public LatencyAware getLatencyAware() {
			return this.latencyAware;
		}

		/**
		 * How a tier chooses among its providers.
		 */
		public enum Strategy {

			/** By weight alone. */
			WEIGHTED,

			/** The cheapest for the request first, by weight among equal costs. */
			CHEAPEST_FIRST,

			/** By weight, moved toward the providers with the lowest recent latency. */
			LATENCY_AWARE

		}

		/**
		 * Latency-aware shares: each provider's weight is divided by the square of how
		 * many times slower than the tier's fastest it has recently been (time to first
		 * token for streams, time per output token for whole answers), within bounds.
		 */
		public static class LatencyAware {

			/**
			 * How long until an answer counts half in a provider's average latency.
			 * Shorter follows changes faster; longer is steadier.
			 */
			private Duration halfLife = Duration.ofSeconds(5);

			/**
			 * How many times the share its weight gives it a fast provider may get at
			 * most. 1 or more; 1 never moves traffic toward a provider, only away.
			 */
			private double maxFactor = 2.0;

			/**
			 * Share of its tier's requests a slow provider keeps (or its weight's share,
			 * when smaller), so that it keeps being measured and wins its share back when
			 * it speeds up. Between 0 and 1.
			 */
			private double minShare = 0.05;

			public Duration getHalfLife() {
				return this.halfLife;
			}

			public void setHalfLife(Duration halfLife) {
				this.halfLife = halfLife;
			}

			public double getMaxFactor() {
				return this.maxFactor;
			}

			public void setMaxFactor(double maxFactor) {
				this.maxFactor = maxFactor;
			}

			public double getMinShare() {
				return this.minShare;
			}

			public void setMinShare(double minShare) {
				this.minShare = minShare;
			}

		}

	}

}
