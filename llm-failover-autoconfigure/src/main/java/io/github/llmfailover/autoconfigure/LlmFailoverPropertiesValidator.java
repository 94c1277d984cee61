package io.github.llmfailover.autoconfigure;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import io.github.llmfailover.autoconfigure.InvalidLlmFailoverConfigurationException.Problem;
import io.github.llmfailover.autoconfigure.LlmFailoverProperties.CircuitBreaker;
import io.github.llmfailover.autoconfigure.LlmFailoverProperties.Group;
import io.github.llmfailover.autoconfigure.LlmFailoverProperties.Pricing;
import io.github.llmfailover.autoconfigure.LlmFailoverProperties.Provider;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.StructuredOutputMethod;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.springai.SpringAiProviderType;

/**
 * Checks the whole {@code llm.failover} configuration before anything is built from it,
 * and reports every problem at once so a start-up fails only one time per mistake.
 */
final class LlmFailoverPropertiesValidator {

	private static final Map<String, String> EXAMPLE_BASE_URLS = Map.of("openai", "https://api.openai.com/v1",
			"anthropic", "https://api.anthropic.com", "ollama", "http://localhost:11434");

	private final Set<String> knownTypes;

	private final List<Problem> problems = new ArrayList<>();

	private LlmFailoverPropertiesValidator(Set<String> knownTypes) {
		this.knownTypes = new TreeSet<>(knownTypes);
	}

	/**
	 * Validate the configuration.
	 * @param properties the configuration
	 * @param knownTypes the provider types a factory exists for
	 * @throws InvalidLlmFailoverConfigurationException listing every problem
	 */
	static void validate(LlmFailoverProperties properties, Set<String> knownTypes) {
		LlmFailoverPropertiesValidator validator = new LlmFailoverPropertiesValidator(knownTypes);
		validator.checkRequest(properties);
		validator.checkProviders(properties);
		validator.checkRouting(properties);
		validator.checkGroups(properties);
		if (!validator.problems.isEmpty()) {
			throw new InvalidLlmFailoverConfigurationException(validator.problems);
		}
	}

	private void checkRequest(LlmFailoverProperties properties) {
		if (properties.getMaxAttempts() < 1) {
			problem("max-attempts", "is " + properties.getMaxAttempts() + "; a request needs at least 1 attempt",
					"Set llm.failover.max-attempts to 1 or more (default 3).");
		}
		requirePositive("timeout", properties.getTimeout());
		requirePositive("attempt-timeout", properties.getAttemptTimeout());
		if (properties.getAttemptTimeout().compareTo(properties.getTimeout()) > 0) {
			problem("attempt-timeout",
					"(" + properties.getAttemptTimeout() + ") is longer than llm.failover.timeout ("
							+ properties.getTimeout() + "), the deadline of the whole request",
					"Make llm.failover.attempt-timeout at most llm.failover.timeout, so a failed attempt leaves time "
							+ "to fail over.");
		}
		if (properties.getMaxCooldown().isNegative()) {
			problem("max-cooldown", "must not be negative", "Set llm.failover.max-cooldown to 0 or more.");
		}
		requireAtLeastOne("max-concurrent-calls", properties.getMaxConcurrentCalls());
		checkResponseSize("max-response-size", properties.getMaxResponseSize());
		requireAtLeastOne("http.max-connections", properties.getHttp().getMaxConnections());
		LlmFailoverProperties.Backoff backoff = properties.getBackoff();
		if (backoff.getInitial().isNegative() || backoff.getMax().compareTo(backoff.getInitial()) < 0) {
			problem("backoff",
					"needs 0 <= initial <= max, but initial is " + backoff.getInitial() + " and max is "
							+ backoff.getMax(),
					"Set llm.failover.backoff.initial and .max so that 0 <= initial <= max.");
		}
		if (!(backoff.getMultiplier() >= 1.0)) {
			problem("backoff.multiplier", "is " + backoff.getMultiplier() + "; backoff must not shrink",
					"Set llm.failover.backoff.multiplier to 1.0 or more (default 2.0).");
		}
		checkCircuitBreaker("circuit-breaker", properties.getCircuitBreaker());
		checkRetryBudget(properties.getRetryBudget());
		checkRateLimitHeaders(properties.getRateLimitHeaders());
		checkHedging(properties.getHedging());
	}

	private void checkHedging(LlmFailoverProperties.Hedging hedging) {
		Duration delay = hedging.getDelay();
		if (delay != null && (delay.isNegative() || delay.isZero())) {
			problem("hedging.delay", "is " + delay + "; the first attempt needs some time",
					"Set llm.failover.hedging.delay to a positive duration such as 500ms, or leave it unset to "
							+ "wait for the provider's observed percentile.");
		}
		if (!(hedging.getPercentile() > 0 && hedging.getPercentile() < 100)) {
			problem("hedging.percentile", "is " + hedging.getPercentile(),
					"Set llm.failover.hedging.percentile above 0 and below 100 (default 95).");
		}
		if (!(hedging.getBudgetPercent() >= 0 && hedging.getBudgetPercent() <= 100)) {
			problem("hedging.budget-percent", "is " + hedging.getBudgetPercent(),
					"Set llm.failover.hedging.budget-percent between 0 and 100 (default 10).");
		}
	}

	private void checkRateLimitHeaders(LlmFailoverProperties.RateLimitHeaders headers) {
		if (headers.getReserveRequests() < 0) {
			problem("rate-limit-headers.reserve-requests", "is " + headers.getReserveRequests(),
					"Set llm.failover.rate-limit-headers.reserve-requests to 0 or more (default 0).");
		}
		if (headers.getReserveTokens() < 0) {
			problem("rate-limit-headers.reserve-tokens", "is " + headers.getReserveTokens(),
					"Set llm.failover.rate-limit-headers.reserve-tokens to 0 or more (default 0).");
		}
		if (headers.getMaxHold().isNegative() || headers.getMaxHold().isZero()) {
			problem("rate-limit-headers.max-hold", "is " + headers.getMaxHold() + "; a hold must last",
					"Set llm.failover.rate-limit-headers.max-hold to a positive duration (default 60s), or "
							+ "llm.failover.rate-limit-headers.enabled=false to ignore the headers.");
		}
	}

	private void checkRetryBudget(LlmFailoverProperties.RetryBudget budget) {
		if (!(budget.getPercent() >= 0)) {
			problem("retry-budget.percent", "is " + budget.getPercent() + "; a share cannot be negative",
					"Set llm.failover.retry-budget.percent to 0 or more (default 20), or "
							+ "llm.failover.retry-budget.enabled=false for no budget.");
		}
		if (budget.getMinRetriesPerSecond() < 0) {
			problem("retry-budget.min-retries-per-second", "is " + budget.getMinRetriesPerSecond(),
					"Set llm.failover.retry-budget.min-retries-per-second to 0 or more (default 10).");
		}
		if (budget.getWindow().compareTo(Duration.ofSeconds(1)) < 0) {
			problem("retry-budget.window",
					"is " + budget.getWindow() + "; the budget needs a window of a second or more",
					"Set llm.failover.retry-budget.window to 1s or more (default 10s).");
		}
	}

	private void checkRouting(LlmFailoverProperties properties) {
		LlmFailoverProperties.Routing routing = properties.getRouting();
		requireAtLeastOne("routing.expected-output-tokens", routing.getExpectedOutputTokens());
		checkLatencyAware(routing.getLatencyAware());
		Map<Integer, Map<String, Provider>> tiers = new TreeMap<>();
		properties.getProviders()
			.forEach((name, provider) -> tiers
				.computeIfAbsent(provider.getPriority(), (priority) -> new LinkedHashMap<>())
				.put(name, provider));
		routing.getTierStrategy().forEach((priority, strategy) -> {
			if (!tiers.containsKey(priority) && properties.getGroups().isEmpty()) {
				problem("routing.tier-strategy." + priority,
						"names tier " + priority + ", but no provider has priority " + priority,
						"Use the priority of a tier: " + tiers.keySet() + ".");
			}
		});
		tiers.forEach((priority, providers) -> {
			boolean cheapestFirst = routing.getTierStrategy()
				.getOrDefault(priority, routing.getStrategy()) == LlmFailoverProperties.Routing.Strategy.CHEAPEST_FIRST;
			boolean anyPrice = providers.values().stream().anyMatch((provider) -> provider.getPrice().isConfigured());
			if (cheapestFirst && !anyPrice) {
				String property = routing.getTierStrategy().containsKey(priority) ? "routing.tier-strategy." + priority
						: "routing.strategy";
				problem(property,
						"is cheapest-first for tier " + priority + ", but none of its providers ("
								+ String.join(", ", providers.keySet()) + ") has a price",
						"Give them prices (llm.failover.providers.<name>.price.input and .output), or set "
								+ "llm.failover." + property + "=weighted.");
			}
		});
	}

	private void checkLatencyAware(LlmFailoverProperties.Routing.LatencyAware latencyAware) {
		if (latencyAware.getHalfLife().toMillis() <= 0) {
			problem("routing.latency-aware.half-life", "is " + latencyAware.getHalfLife() + "; averages need time",
					"Set llm.failover.routing.latency-aware.half-life to 1ms or more (default 5s).");
		}
		if (!(latencyAware.getMaxFactor() >= 1)) {
			problem("routing.latency-aware.max-factor",
					"is " + latencyAware.getMaxFactor() + "; below 1, no provider could get its weight's share",
					"Set llm.failover.routing.latency-aware.max-factor to 1 or more (default 2.0).");
		}
		if (!(latencyAware.getMinShare() >= 0 && latencyAware.getMinShare() <= 1)) {
			problem("routing.latency-aware.min-share", "is " + latencyAware.getMinShare() + "; it is a fraction",
					"Set llm.failover.routing.latency-aware.min-share between 0 and 1, such as 0.05 (the default) "
							+ "for 5 % of the tier's requests.");
		}
	}

	private void checkProviders(LlmFailoverProperties properties) {
		Map<String, Provider> providers = properties.getProviders();
		if (providers.isEmpty()) {
			problem("providers", "is empty: no LLM provider is configured",
					"Add at least one provider, for example:\n" + "        llm.failover.providers.openai.type=openai\n"
							+ "        llm.failover.providers.openai.base-url=https://api.openai.com/v1\n"
							+ "        llm.failover.providers.openai.api-key=${OPENAI_API_KEY}\n"
							+ "        llm.failover.providers.openai.model=gpt-4o-mini\n"
							+ "      or set llm.failover.enabled=false to turn llm-failover off.");
			return;
		}
		if (providers.size() > ProviderRegistry.MAX_PROVIDERS) {
			problem("providers", "has " + providers.size() + " entries; at most " + ProviderRegistry.MAX_PROVIDERS
					+ " are supported", "Configure at most " + ProviderRegistry.MAX_PROVIDERS + " providers.");
		}
		providers.forEach(this::checkProvider);
		List<TierMember> members = new ArrayList<>();
		providers.forEach((name, provider) -> members
			.add(new TierMember(name, provider.isEnabled(), provider.getPriority(), provider.getWeight())));
		checkTiers("providers", members);
	}

	private void checkGroups(LlmFailoverProperties properties) {
		Map<String, Group> groups = properties.getGroups();
		String defaultGroup = properties.getDefaultGroup();
		if (defaultGroup != null && !groups.containsKey(defaultGroup)) {
			problem("default-group", "is '" + defaultGroup + "', which names no group of llm.failover.groups",
					groups.isEmpty() ? "Remove llm.failover.default-group, or configure a group of that name."
							: "Set llm.failover.default-group to one of: " + String.join(", ", groups.keySet())
									+ "; or remove it.");
		}
		// Every name and alias a request or a gateway client may give, and whose it is.
		Map<String, String> names = new LinkedHashMap<>();
		groups.keySet().forEach((name) -> names.put(name, name));
		if (!groups.isEmpty() && defaultGroup == null) {
			names.putIfAbsent(ProviderRegistry.DEFAULT_GROUP, ProviderRegistry.DEFAULT_GROUP);
		}
		groups.forEach((name, group) -> checkGroup(name, group, properties, names));
	}

	private void checkGroup(String name, Group group, LlmFailoverProperties properties, Map<String, String> names) {
		String prefix = "groups." + name + ".";
		Map<String, Provider> providers = properties.getProviders();
		if (group.getProviders().isEmpty()) {
			problem(prefix + "providers", "is empty: the group has no provider",
					"Add providers to the group, e.g. llm.failover." + prefix + "providers."
							+ providers.keySet().stream().findFirst().orElse("openai")
							+ ".weight=1 (a provider of llm.failover.providers), or remove the group.");
		}
		List<TierMember> members = new ArrayList<>();
		group.getProviders().forEach((providerName, member) -> {
			String property = prefix + "providers." + providerName;
			Provider provider = providers.get(providerName);
			if (provider == null) {
				problem(property, "names no configured provider (known: " + String.join(", ", providers.keySet()) + ")",
						"Use the name of a provider of llm.failover.providers in llm.failover." + prefix
								+ "providers, or configure llm.failover.providers." + providerName + ".");
				return;
			}
			Integer weight = member.getWeight();
			if (weight != null && weight < 0) {
				problem(property + ".weight", "is " + weight + "; a weight must not be negative",
						"Set llm.failover." + property + ".weight to a positive share, 0 to keep the provider out "
								+ "of this group's rotation, or remove it for the provider's own weight.");
			}
			members.add(new TierMember(providerName, provider.isEnabled(),
					(member.getPriority() != null) ? member.getPriority() : provider.getPriority(),
					(weight != null) ? weight : provider.getWeight()));
		});
		if (members.size() == group.getProviders().size() && !members.isEmpty()) {
			checkTiers(prefix + "providers", members);
		}
		for (String alias : group.getAliases()) {
			if (alias == null || alias.isBlank()) {
				problem(prefix + "aliases", "has a blank alias", "Remove the blank entry of llm.failover." + prefix
						+ "aliases; each alias is a name the group is called by.");
				continue;
			}
			String owner = names.putIfAbsent(alias, name);
			if (owner != null) {
				problem(prefix + "aliases",
						"has '" + alias + "', which is already "
								+ (owner.equals(alias) ? "the name of group '" + owner + "'"
										: (owner.equals(name) ? "an alias of this group"
												: "an alias of group '" + owner + "'")),
						"Give each group names and aliases no other group has: a model name must choose one group. "
								+ "Remove '" + alias + "' from llm.failover." + prefix + "aliases or from the other "
								+ "group.");
			}
		}
		Integer maxAttempts = group.getMaxAttempts();
		if (maxAttempts != null && maxAttempts < 1) {
			problem(prefix + "max-attempts", "is " + maxAttempts + "; a request needs at least 1 attempt",
					"Set llm.failover." + prefix + "max-attempts to 1 or more, or remove it for "
							+ "llm.failover.max-attempts.");
		}
		if (group.getTimeout() != null) {
			requirePositive(prefix + "timeout", group.getTimeout());
		}
		if (group.getAttemptTimeout() != null) {
			requirePositive(prefix + "attempt-timeout", group.getAttemptTimeout());
		}
		Duration timeout = (group.getTimeout() != null) ? group.getTimeout() : properties.getTimeout();
		Duration attemptTimeout = (group.getAttemptTimeout() != null) ? group.getAttemptTimeout()
				: properties.getAttemptTimeout();
		if ((group.getTimeout() != null || group.getAttemptTimeout() != null)
				&& attemptTimeout.compareTo(timeout) > 0) {
			problem(prefix + "attempt-timeout",
					"(" + attemptTimeout + ") is longer than the group's timeout (" + timeout
							+ "), the deadline of the whole request",
					"Make the group's attempt-timeout at most its timeout (llm.failover." + prefix
							+ "attempt-timeout and timeout, which default to llm.failover.attempt-timeout and "
							+ "timeout).");
		}
	}

	private void checkProvider(String name, Provider provider) {
		String prefix = "providers." + name + ".";
		String type = provider.getType();
		if (type == null || type.isBlank()) {
			problem(prefix + "type", "is not set",
					"Set llm.failover." + prefix + "type to one of: " + typeList() + ".");
		}
		else if (!this.knownTypes.contains(type)) {
			problem(prefix + "type", "is '" + type + "', which is not a known provider type",
					"Set llm.failover." + prefix + "type to one of: " + typeList()
							+ " (or declare a ProviderClientFactory bean whose type() is '" + type + "').");
		}
		if (SpringAiProviderType.TYPE.equals(type)) {
			checkChatModel(prefix, provider);
		}
		else {
			checkBaseUrl(prefix + "base-url", provider.getBaseUrl(), type);
			if (provider.getChatModel() != null) {
				problem(prefix + "chat-model", "is set, but only providers of type spring-ai are served by a bean",
						"Remove llm.failover." + prefix + "chat-model, or set llm.failover." + prefix
								+ "type=spring-ai.");
			}
		}
		requirePositiveLimit(prefix + "requests-per-minute", provider.getRequestsPerMinute());
		requirePositiveLimit(prefix + "tokens-per-minute", provider.getTokensPerMinute());
		if (provider.getModel() == null || provider.getModel().isBlank()) {
			problem(prefix + "model", "is not set", "Set llm.failover." + prefix + "model to the model to ask for.");
		}
		if (provider.getWeight() < 0) {
			problem(prefix + "weight", "is " + provider.getWeight() + "; a weight must not be negative",
					"Set llm.failover." + prefix + "weight to a positive share, or to 0 to keep the provider out of "
							+ "rotation.");
		}
		if (provider.getMaxTokens() != null) {
			requireAtLeastOne(prefix + "max-tokens", provider.getMaxTokens());
		}
		if (provider.getMaxConcurrentCalls() != null) {
			requireAtLeastOne(prefix + "max-concurrent-calls", provider.getMaxConcurrentCalls());
		}
		if (provider.getMaxResponseSize() != null) {
			checkResponseSize(prefix + "max-response-size", provider.getMaxResponseSize());
		}
		checkCircuitBreaker(prefix + "circuit-breaker", provider.getCircuitBreaker());
		checkPrice(prefix + "price.", provider.getPrice());
		checkBudget(prefix + "budget.", provider);
		if (provider.getStructuredOutput() == StructuredOutputMethod.TOOL && type != null
				&& !type.equals("anthropic")) {
			problem(prefix + "structured-output", "is 'tool', but only anthropic providers answer through a tool",
					"Remove llm.failover." + prefix + "structured-output, or set it to 'native'.");
		}
	}

	private void checkBudget(String prefix, Provider provider) {
		LlmFailoverProperties.ProviderBudget budget = provider.getBudget();
		if (!budget.isConfigured()) {
			return;
		}
		requireBudget(prefix + "daily", budget.getDaily());
		requireBudget(prefix + "monthly", budget.getMonthly());
		if (!provider.getPrice().isConfigured()) {
			String property = prefix + ((budget.getDaily() != null) ? "daily" : "monthly");
			String priceProperty = prefix.substring(0, prefix.length() - "budget.".length()) + "price";
			problem(property, "is set, but the provider has no price, so its spend cannot be counted",
					"Set llm.failover." + priceProperty + ".input and llm.failover." + priceProperty
							+ ".output (per million tokens, in the budget's currency), or remove the budget.");
		}
	}

	private void requireBudget(String property, @Nullable BigDecimal value) {
		if (value != null && value.signum() <= 0) {
			problem(property, "is " + value.toPlainString() + "; a budget must be more than 0",
					"Set llm.failover." + property + " to the most the provider may cost in that period, in the "
							+ "currency of its prices (to keep a provider out of rotation, set its weight to 0).");
		}
	}

	private void checkPrice(String prefix, Pricing price) {
		if (!price.isConfigured()) {
			return;
		}
		requirePrice(prefix + "input", price.getInput(), true);
		requirePrice(prefix + "output", price.getOutput(), true);
		requirePrice(prefix + "cached-input", price.getCachedInput(), false);
		requirePrice(prefix + "cache-write", price.getCacheWrite(), false);
		if (currency(price.getCurrency()) == null) {
			problem(prefix + "currency", "is '" + price.getCurrency() + "', which is not an ISO 4217 currency code",
					"Set llm.failover." + prefix + "currency to the code of the prices' currency, e.g. USD (the "
							+ "default) or EUR.");
		}
	}

	private void requirePrice(String property, @Nullable BigDecimal value, boolean required) {
		if (value == null && required) {
			problem(property, "is not set, but other prices of this provider are",
					"Set llm.failover." + property + " to the provider's list price per million tokens, or remove "
							+ "the provider's prices to leave its costs unknown.");
		}
		else if (value != null && value.signum() < 0) {
			problem(property, "is " + value.toPlainString() + "; a price must not be negative",
					"Set llm.failover." + property + " to the provider's list price per million tokens (0 for free).");
		}
	}

	/**
	 * Parse a currency code.
	 * @param code the configured code, in any case
	 * @return the currency, or {@code null} when the code is not an ISO 4217 code
	 */
	static @Nullable Currency currency(@Nullable String code) {
		if (code == null || code.isBlank()) {
			return null;
		}
		try {
			return Currency.getInstance(code.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private void checkResponseSize(String property, DataSize size) {
		if (size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE) {
			problem(property,
					"is " + size.toBytes() + " bytes; it must be above 0 and below 2GB (an answer is held in memory)",
					"Set llm.failover." + property + " to a size such as 16MB (the default).");
		}
	}

	private void checkChatModel(String prefix, Provider provider) {
		String chatModel = provider.getChatModel();
		if (chatModel == null || chatModel.isBlank()) {
			problem(prefix + "chat-model", "is not set: a spring-ai provider is served by a Spring AI ChatModel bean",
					"Set llm.failover." + prefix + "chat-model to the name of that bean, e.g. openAiChatModel.");
		}
		if (provider.getBaseUrl() != null) {
			problem(prefix + "base-url", "is set, but a spring-ai provider calls its ChatModel bean, not a URL",
					"Remove llm.failover." + prefix + "base-url: the bean has its own connection settings.");
		}
		if (provider.getApiKey() != null) {
			problem(prefix + "api-key", "is set, but a spring-ai provider calls its ChatModel bean, which has its own",
					"Remove llm.failover." + prefix + "api-key and configure the key where the bean is made "
							+ "(spring.ai.*).");
		}
	}

	private void checkBaseUrl(String property, @Nullable String baseUrl, @Nullable String type) {
		String example = EXAMPLE_BASE_URLS.getOrDefault(type, "https://api.example.com/v1");
		if (baseUrl == null || baseUrl.isBlank()) {
			problem(property, "is not set",
					"Set llm.failover." + property + " to the provider's API root, e.g. " + example + ".");
			return;
		}
		if (parseBaseUrl(baseUrl) == null) {
			problem(property,
					"is '" + ProviderSettings.maskUserInfo(baseUrl) + "', which is not an absolute http or https URL",
					"Set llm.failover." + property + " to an absolute URL such as " + example + ".");
		}
	}

	/**
	 * Parse a base URL.
	 * @param baseUrl the configured value
	 * @return the URL, or {@code null} when it is not an absolute http(s) URL with a host
	 */
	static @Nullable URI parseBaseUrl(String baseUrl) {
		try {
			URI uri = new URI(baseUrl.trim());
			boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
			return (web && uri.getHost() != null) ? uri : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private void checkTiers(String property, List<TierMember> members) {
		Map<Integer, List<String>> tiers = new TreeMap<>();
		Map<Integer, Integer> weights = new TreeMap<>();
		members.forEach((member) -> {
			if (member.enabled()) {
				tiers.computeIfAbsent(member.priority(), (priority) -> new ArrayList<>()).add(member.name());
				weights.merge(member.priority(), Math.max(0, member.weight()), Integer::sum);
			}
		});
		if (tiers.isEmpty()) {
			problem(property, "has no enabled provider: every one sets enabled=false", property.startsWith("groups.")
					? "Add an enabled provider to llm.failover." + property + "."
					: "Enable at least one provider, or set llm.failover.enabled=false to turn llm-failover " + "off.");
			return;
		}
		tiers.forEach((priority, names) -> {
			if (weights.getOrDefault(priority, 0) == 0) {
				problem(property,
						"of priority " + priority + " (" + String.join(", ", names)
								+ ") all have weight 0, so that tier can never serve",
						"Give at least one provider of priority " + priority
								+ " a positive weight, or disable the ones meant to stay out of rotation.");
			}
		});
	}

	/**
	 * A provider as a tier check sees it, in the provider list or in a group.
	 */
	private record TierMember(String name, boolean enabled, int priority, int weight) {
	}

	private void checkCircuitBreaker(String prefix, CircuitBreaker circuitBreaker) {
		Float threshold = circuitBreaker.getFailureRateThreshold();
		if (threshold != null && !(threshold > 0 && threshold <= 100)) {
			problem(prefix + ".failure-rate-threshold", "is " + threshold + "; it is a percentage",
					"Set llm.failover." + prefix + ".failure-rate-threshold between 1 and 100 (default 50).");
		}
		if (circuitBreaker.getSlidingWindowSize() != null) {
			requireAtLeastOne(prefix + ".sliding-window-size", circuitBreaker.getSlidingWindowSize());
		}
		if (circuitBreaker.getMinimumNumberOfCalls() != null) {
			requireAtLeastOne(prefix + ".minimum-number-of-calls", circuitBreaker.getMinimumNumberOfCalls());
		}
		if (circuitBreaker.getPermittedCallsInHalfOpenState() != null) {
			requireAtLeastOne(prefix + ".permitted-calls-in-half-open-state",
					circuitBreaker.getPermittedCallsInHalfOpenState());
		}
		if (circuitBreaker.getWaitDurationInOpenState() != null) {
			requirePositive(prefix + ".wait-duration-in-open-state", circuitBreaker.getWaitDurationInOpenState());
		}
	}

	private void requirePositive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			problem(property, "is " + value + "; it must be longer than zero",
					"Set llm.failover." + property + " to a positive duration, e.g. 30s.");
		}
	}

	private void requirePositiveLimit(String property, @Nullable Long value) {
		if (value != null && value < 1) {
			problem(property, "is " + value + "; a limit must be at least 1",
					"Set llm.failover." + property + " to 1 or more, or remove it for no limit.");
		}
	}

	private void requireAtLeastOne(String property, int value) {
		if (value < 1) {
			problem(property, "is " + value + "; it must be at least 1",
					"Set llm.failover." + property + " to 1 or more.");
		}
	}

	private String typeList() {
		return this.knownTypes.stream().collect(Collectors.joining(", "));
	}

	private void problem(String property, String description, String action) {
		String name = LlmFailoverProperties.PREFIX + "." + property;
		this.problems.add(new Problem(name, name + " " + description + ".", action));
	}

}
