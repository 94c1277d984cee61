package io.github.llmfailover.autoconfigure;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.StructuredOutputMethod;

/**
 * One LLM provider: where and how to call it, its place in the rotation, its limits,
 * prices and budget.
 *
 * @see LlmFailoverProperties#getProviders()
 */
public class ProviderProperties {

	/**
	 * Wire format: openai (OpenAI and every OpenAI-compatible API), anthropic, ollama,
	 * spring-ai (a Spring AI ChatModel bean, with Spring AI on the classpath), or a type
	 * added by a ProviderClientFactory bean.
	 */
	private @Nullable String type;

	/**
	 * API root: https://api.openai.com/v1 for OpenAI, https://api.anthropic.com for
	 * Anthropic, http://localhost:11434 for Ollama.
	 */
	private @Nullable String baseUrl;

	/**
	 * API key: sent as a Bearer token (openai, ollama) or in x-api-key (anthropic). Never
	 * logged or shown.
	 */
	private @Nullable String apiKey;

	/**
	 * Model to ask for.
	 */
	private @Nullable String model;

	/**
	 * Name of the Spring AI ChatModel bean that serves this provider, for type spring-ai
	 * (which takes no base-url or api-key: the bean has its own).
	 */
	private @Nullable String chatModel;

	/**
	 * Share of traffic inside the provider's priority tier; 0 takes it out of rotation.
	 */
	private int weight = 1;

	/**
	 * Priority tier: lower serves first; a higher tier serves only when every provider of
	 * the lower tiers is out of rotation or already failed for the request.
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
	 * Token limit for requests that set none. Anthropic requires a limit and uses 1024
	 * when neither the request nor this property sets one.
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
	 * Requests this provider may be sent per minute, counted in fixed one-minute windows;
	 * at the limit it leaves rotation until the window ends. Counted on each instance, or
	 * across all of them in fleet mode. Unset: no limit.
	 */
	private @Nullable Long requestsPerMinute;

	/**
	 * Tokens (input and output, as the provider reports them) this provider's answers may
	 * count per minute; at the limit it leaves rotation until the window ends. Unset: no
	 * limit.
	 */
	private @Nullable Long tokensPerMinute;

	/**
	 * Circuit breaker settings of this provider; unset values fall back to
	 * llm.failover.circuit-breaker.
	 */
	private final CircuitBreakerProperties circuitBreaker = new CircuitBreakerProperties();

	/**
	 * Prices of this provider's model; unset, its calls have no cost figures.
	 */
	private final Pricing price = new Pricing();

	/**
	 * What this provider may cost per day and per month, in the currency of its prices
	 * (which it needs); at either, it leaves rotation until the period ends.
	 */
	private final Budget budget = new Budget();

	/**
	 * What this provider can do beyond text, overriding its type's defaults: tools,
	 * forced-tool-choice, images, image-urls, json-schema, each true or false. Requests
	 * that need a capability go only to providers that have it.
	 */
	private final Map<Capability, Boolean> capabilities = new LinkedHashMap<>();

	/**
	 * How this provider is asked for an answer matching a JSON Schema: native (the
	 * provider's own field; Anthropic's output_config.format) or tool (anthropic only: a
	 * forced tool whose input is the answer, for models without output_config).
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

	public CircuitBreakerProperties getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public Pricing getPrice() {
		return this.price;
	}

	public Budget getBudget() {
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
	 * What a provider may cost, in the currency of its prices.
	 */
	public static class Budget {

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

}
