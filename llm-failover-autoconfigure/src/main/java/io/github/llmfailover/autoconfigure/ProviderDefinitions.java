package io.github.llmfailover.autoconfigure;

import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.cost.Price;
import io.github.llmfailover.routing.RateLimit;

/**
 * The configured providers, validated and resolved once; every bean built from the
 * configuration reads them here, so an invalid configuration fails before any of them.
 */
final class ProviderDefinitions {

	private final List<ProviderDefinition> definitions;

	private final Map<String, GroupDefinition> groups;

	private final @Nullable String defaultGroup;

	private ProviderDefinitions(List<ProviderDefinition> definitions, Map<String, GroupDefinition> groups,
			@Nullable String defaultGroup) {
		this.definitions = List.copyOf(definitions);
		this.groups = groups;
		this.defaultGroup = defaultGroup;
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
		Map<String, GroupDefinition> groups = new LinkedHashMap<>();
		properties.getGroups().forEach((name, group) -> groups.put(name, GroupDefinition.of(group)));
		return new ProviderDefinitions(properties.getProviders()
			.entrySet()
			.stream()
			.map((entry) -> ProviderDefinition.of(entry.getKey(), entry.getValue(), properties,
					factories.get(Objects.requireNonNull(entry.getValue().getType(), "checked by the validator"))))
			.toList(), Collections.unmodifiableMap(groups), properties.getDefaultGroup());
	}

	/**
	 * The configured model groups.
	 * @return the groups by name, in the order configured; empty without groups
	 */
	Map<String, GroupDefinition> groups() {
		return this.groups;
	}

	/**
	 * The group configured to serve the requests that name none.
	 * @return its name, or {@code null} when not set
	 */
	@Nullable String defaultGroup() {
		return this.defaultGroup;
	}

	/**
	 * The aliases of the groups that have some.
	 * @return the aliases by group name
	 */
	Map<String, List<String>> aliases() {
		Map<String, List<String>> aliases = new LinkedHashMap<>();
		this.groups.forEach((name, group) -> aliases.put(name, group.aliases()));
		return aliases;
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

	/**
	 * The currencies of the providers that have a price.
	 * @return the currency by provider name
	 */
	Map<String, Currency> currencies() {
		Map<String, Currency> currencies = new LinkedHashMap<>();
		this.definitions.forEach((definition) -> {
			Price price = definition.route().price();
			if (price != null) {
				currencies.put(definition.name(), price.currency());
			}
		});
		return currencies;
	}

	<T> Map<String, T> byName(Function<ProviderDefinition, T> value) {
		Map<String, T> result = new LinkedHashMap<>();
		this.definitions.forEach((definition) -> result.put(definition.name(), value.apply(definition)));
		return result;
	}

}
