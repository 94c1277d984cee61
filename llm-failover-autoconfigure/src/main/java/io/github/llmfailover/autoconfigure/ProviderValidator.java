package io.github.llmfailover.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.StructuredOutputMethod;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.springai.SpringAiProviderType;

/**
 * Checks the provider list and each provider: its type, where it is reached (a base URL,
 * or a Spring AI bean), its model, weight, limits, circuit breaker, prices and budget.
 */
final class ProviderValidator {

	private static final Map<String, String> EXAMPLE_BASE_URLS = Map.of("openai", "https://api.openai.com/v1",
			"anthropic", "https://api.anthropic.com", "ollama", "http://localhost:11434");

	private static final String OTHER_BASE_URL = "https://api.example.com/v1";

	private final ConfigurationProblems problems;

	private final Set<String> knownTypes;

	private final RequestSettingsValidator requestSettings;

	private final CostValidator cost;

	private final TierValidator tiers;

	/**
	 * Create a validator.
	 * @param problems where to record what it finds
	 * @param knownTypes the provider types a factory exists for
	 */
	ProviderValidator(ConfigurationProblems problems, Set<String> knownTypes) {
		this.problems = problems;
		this.knownTypes = new TreeSet<>(knownTypes);
		this.requestSettings = new RequestSettingsValidator(problems);
		this.cost = new CostValidator(problems);
		this.tiers = new TierValidator(problems);
	}

	void check(LlmFailoverProperties properties) {
		Map<String, ProviderProperties> providers = properties.getProviders();
		if (providers.isEmpty()) {
			this.problems.add("providers", "is empty: no LLM provider is configured",
					"Add at least one provider, for example:\n" + "        llm.failover.providers.openai.type=openai\n"
							+ "        llm.failover.providers.openai.base-url=https://api.openai.com/v1\n"
							+ "        llm.failover.providers.openai.api-key=${OPENAI_API_KEY}\n"
							+ "        llm.failover.providers.openai.model=gpt-4o-mini\n"
							+ "      or set llm.failover.enabled=false to turn llm-failover off.");
			return;
		}
		if (providers.size() > ProviderRegistry.MAX_PROVIDERS) {
			this.problems
				.add("providers",
						"has " + providers.size() + " entries; at most " + ProviderRegistry.MAX_PROVIDERS
								+ " are supported",
						"Configure at most " + ProviderRegistry.MAX_PROVIDERS + " providers.");
		}
		providers.forEach(this::checkProvider);
		List<TierValidator.Member> members = new ArrayList<>();
		providers.forEach((name, provider) -> members
			.add(new TierValidator.Member(name, provider.isEnabled(), provider.getPriority(), provider.getWeight())));
		this.tiers.check("providers", members);
	}

	private void checkProvider(String name, ProviderProperties provider) {
		String prefix = "providers." + name + ".";
		String type = provider.getType();
		checkType(prefix, type);
		if (SpringAiProviderType.TYPE.equals(type)) {
			checkChatModel(prefix, provider);
		}
		else {
			checkBaseUrl(prefix + "base-url", provider.getBaseUrl(), type);
			if (provider.getChatModel() != null) {
				this.problems.add(prefix + "chat-model",
						"is set, but only providers of type spring-ai are served by a bean", "Remove llm.failover."
								+ prefix + "chat-model, or set llm.failover." + prefix + "type=spring-ai.");
			}
		}
		this.problems.requirePositiveLimit(prefix + "requests-per-minute", provider.getRequestsPerMinute());
		this.problems.requirePositiveLimit(prefix + "tokens-per-minute", provider.getTokensPerMinute());
		if (provider.getModel() == null || provider.getModel().isBlank()) {
			this.problems.add(prefix + "model", "is not set",
					"Set llm.failover." + prefix + "model to the model to ask for.");
		}
		if (provider.getWeight() < 0) {
			this.problems.add(prefix + "weight", "is " + provider.getWeight() + "; a weight must not be negative",
					"Set llm.failover." + prefix + "weight to a positive share, or to 0 to keep the provider out of "
							+ "rotation.");
		}
		this.problems.requireAtLeastOneIfSet(prefix + "max-tokens", provider.getMaxTokens());
		this.problems.requireAtLeastOneIfSet(prefix + "max-concurrent-calls", provider.getMaxConcurrentCalls());
		this.problems.checkResponseSizeIfSet(prefix + "max-response-size", provider.getMaxResponseSize());
		this.requestSettings.checkCircuitBreaker(prefix + "circuit-breaker", provider.getCircuitBreaker());
		this.cost.check(prefix, provider);
		if (provider.getStructuredOutput() == StructuredOutputMethod.TOOL && type != null
				&& !type.equals("anthropic")) {
			this.problems.add(prefix + "structured-output",
					"is 'tool', but only anthropic providers answer through a tool",
					"Remove llm.failover." + prefix + "structured-output, or set it to 'native'.");
		}
	}

	private void checkType(String prefix, @Nullable String type) {
		String known = String.join(", ", this.knownTypes);
		if (type == null || type.isBlank()) {
			this.problems.add(prefix + "type", "is not set",
					"Set llm.failover." + prefix + "type to one of: " + known + ".");
		}
		else if (!this.knownTypes.contains(type)) {
			this.problems.add(prefix + "type", "is '" + type + "', which is not a known provider type",
					"Set llm.failover." + prefix + "type to one of: " + known
							+ " (or declare a ProviderClientFactory bean whose type() is '" + type + "').");
		}
	}

	private void checkChatModel(String prefix, ProviderProperties provider) {
		String chatModel = provider.getChatModel();
		if (chatModel == null || chatModel.isBlank()) {
			this.problems.add(prefix + "chat-model",
					"is not set: a spring-ai provider is served by a Spring AI ChatModel bean",
					"Set llm.failover." + prefix + "chat-model to the name of that bean, e.g. openAiChatModel.");
		}
		if (provider.getBaseUrl() != null) {
			this.problems.add(prefix + "base-url",
					"is set, but a spring-ai provider calls its ChatModel bean, not a URL",
					"Remove llm.failover." + prefix + "base-url: the bean has its own connection settings.");
		}
		if (provider.getApiKey() != null) {
			this.problems.add(prefix + "api-key",
					"is set, but a spring-ai provider calls its ChatModel bean, which has its own",
					"Remove llm.failover." + prefix + "api-key and configure the key where the bean is made "
							+ "(spring.ai.*).");
		}
	}

	private void checkBaseUrl(String property, @Nullable String baseUrl, @Nullable String type) {
		// Map.of's maps refuse null keys, and the type may be missing.
		String example = (type != null) ? EXAMPLE_BASE_URLS.getOrDefault(type, OTHER_BASE_URL) : OTHER_BASE_URL;
		if (baseUrl == null || baseUrl.isBlank()) {
			this.problems.add(property, "is not set",
					"Set llm.failover." + property + " to the provider's API root, e.g. " + example + ".");
			return;
		}
		if (parseBaseUrl(baseUrl) == null) {
			this.problems.add(property,
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

}
