package io.github.llmfailover.autoconfigure;

import java.math.BigDecimal;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.cost.Budget;
import io.github.llmfailover.cost.Price;
import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.routing.CircuitBreakerSettings;
import io.github.llmfailover.routing.ProviderRoute;
import io.github.llmfailover.routing.RateLimit;
import io.github.llmfailover.springai.SpringAiProviderType;

/**
 * One provider of a validated configuration, with the defaults applied.
 *
 * @param route how routing treats it, circuit breaker defaults merged with its overrides
 * @param maxConcurrentCalls its concurrency limit
 * @param rateLimit its requests and tokens per minute, or {@code null} when it has none
 */
record ProviderDefinition(ProviderRoute route, int maxConcurrentCalls, @Nullable RateLimit rateLimit) {

	String name() {
		return this.route.name();
	}

	static ProviderDefinition of(String name, ProviderProperties provider, LlmFailoverProperties properties,
			ProviderClientFactory factory) {
		URI baseUrl = SpringAiProviderType.TYPE.equals(provider.getType())
				? SpringAiProviderType.address(validated(provider.getChatModel()))
				: ProviderValidator.parseBaseUrl(validated(provider.getBaseUrl()));
		Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
		capabilities.addAll(factory.defaultCapabilities(name, validated(baseUrl)));
		provider.getCapabilities().forEach((capability, enabled) -> {
			if (Boolean.TRUE.equals(enabled)) {
				capabilities.add(capability);
			}
			else {
				capabilities.remove(capability);
			}
		});
		ProviderSettings settings = new ProviderSettings(name, validated(provider.getType()), validated(baseUrl),
				blankToNull(provider.getApiKey()), validated(provider.getModel()), Map.copyOf(provider.getHeaders()),
				provider.getMaxTokens(), or(provider.getMaxResponseSize(), properties.getMaxResponseSize()),
				capabilities, provider.getStructuredOutput());
		int maxConcurrentCalls = (provider.getMaxConcurrentCalls() != null) ? provider.getMaxConcurrentCalls()
				: properties.getMaxConcurrentCalls();
		return new ProviderDefinition(new ProviderRoute(settings, provider.getPriority(), provider.getWeight(),
				provider.isEnabled(), merge(provider.getCircuitBreaker(), properties.getCircuitBreaker()),
				price(provider.getPrice()), budget(provider.getBudget())), maxConcurrentCalls, rateLimit(provider));
	}

	private static @Nullable Budget budget(ProviderProperties.Budget budget) {
		return budget.isConfigured() ? new Budget(budget.getDaily(), budget.getMonthly()) : null;
	}

	private static @Nullable Price price(ProviderProperties.Pricing pricing) {
		if (!pricing.isConfigured()) {
			return null;
		}
		BigDecimal input = validated(pricing.getInput());
		return new Price(input, or(pricing.getCachedInput(), input), or(pricing.getCacheWrite(), input),
				validated(pricing.getOutput()), validated(CostValidator.currency(pricing.getCurrency())));
	}

	private static @Nullable RateLimit rateLimit(ProviderProperties provider) {
		Long requests = provider.getRequestsPerMinute();
		Long tokens = provider.getTokensPerMinute();
		if (requests == null && tokens == null) {
			return null;
		}
		return new RateLimit((requests != null) ? requests : 0, (tokens != null) ? tokens : 0);
	}

	private static CircuitBreakerSettings merge(CircuitBreakerProperties own, CircuitBreakerProperties defaults) {
		return new CircuitBreakerSettings(or(own.getFailureRateThreshold(), defaults.getFailureRateThreshold()),
				or(own.getSlidingWindowSize(), defaults.getSlidingWindowSize()),
				or(own.getMinimumNumberOfCalls(), defaults.getMinimumNumberOfCalls()),
				or(own.getWaitDurationInOpenState(), defaults.getWaitDurationInOpenState()),
				or(own.getPermittedCallsInHalfOpenState(), defaults.getPermittedCallsInHalfOpenState()));
	}

	private static <T> T or(@Nullable T own, @Nullable T fallback) {
		return (own != null) ? own : validated(fallback);
	}

	/**
	 * A value the validator has checked is there: a definition is only made from a
	 * configuration that passed {@link LlmFailoverPropertiesValidator}, whose required
	 * values and defaults are set.
	 */
	private static <T> T validated(@Nullable T value) {
		return Objects.requireNonNull(value, "checked by LlmFailoverPropertiesValidator");
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
