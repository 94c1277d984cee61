package io.github.llmfailover.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.github.llmfailover.routing.RateLimit;

/**
 * The configured providers, validated and resolved once; every bean built from the
 * configuration reads them here, so an invalid configuration fails before any of them.
 */
final class ProviderDefinitions {

	private final List<ProviderDefinition> definitions;

	private ProviderDefinitions(List<ProviderDefinition> definitions) {
		this.definitions = List.copyOf(definitions);
	}

	/**
	 * Validate and resolve the configuration.
	 * @param properties the configuration
	 * @param factories the provider types that can be served
	 * @return the definitions
	 * @throws InvalidLlmFailoverConfigurationException listing every problem
	 */
	static ProviderDefinitions resolve(LlmFailoverProperties properties, ProviderClientFactories factories) {
		LlmFailoverPropertiesValidator.validate(properties, factories.types());
		return new ProviderDefinitions(properties.getProviders()
			.entrySet()
			.stream()
			.map((entry) -> ProviderDefinition.of(entry.getKey(), entry.getValue(), properties,
					factories.get(Objects.requireNonNull(entry.getValue().getType(), "checked by the validator"))
						.defaultCapabilities()))
			.toList());
	}

	List<ProviderDefinition> all() {
		return this.definitions;
	}

	/**
	 * The rate limits of the providers that have one.
	 * @return the limits by provider name
	 */
	Map<String, RateLimit> rateLimits() {
		Map<String, RateLimit> limits = new LinkedHashMap<>();
		this.definitions.stream()
			.filter((definition) -> definition.rateLimit() != null)
			.forEach((definition) -> limits.put(definition.name(), definition.rateLimit()));
		return limits;
	}

	<T> Map<String, T> byName(Function<ProviderDefinition, T> value) {
		Map<String, T> result = new LinkedHashMap<>();
		this.definitions.forEach((definition) -> result.put(definition.name(), value.apply(definition)));
		return result;
	}

}
