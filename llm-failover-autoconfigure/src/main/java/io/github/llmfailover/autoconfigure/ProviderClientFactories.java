package io.github.llmfailover.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.provider.anthropic.AnthropicProviderClient;
import io.github.llmfailover.provider.ollama.OllamaProviderClient;
import io.github.llmfailover.provider.openai.OpenAiProviderClient;

/**
 * The {@link ProviderClientFactory} of each provider type: the built-in ones, replaced or
 * extended by the application's.
 */
public final class ProviderClientFactories {

	private final Map<String, ProviderClientFactory> byType;

	private ProviderClientFactories(Map<String, ProviderClientFactory> byType) {
		this.byType = Map.copyOf(byType);
	}

	/**
	 * The built-in factories plus the given ones; a given factory replaces a built-in one
	 * of the same type.
	 * @param custom the application's factories
	 * @return the factories
	 */
	public static ProviderClientFactories withBuiltIns(List<ProviderClientFactory> custom) {
		Map<String, ProviderClientFactory> byType = new LinkedHashMap<>();
		for (ProviderClientFactory factory : List.of(OpenAiProviderClient.factory(), AnthropicProviderClient.factory(),
				OllamaProviderClient.factory())) {
			byType.put(factory.type(), factory);
		}
		custom.forEach((factory) -> byType.put(factory.type(), factory));
		return new ProviderClientFactories(byType);
	}

	/**
	 * The types a factory exists for.
	 * @return the types
	 */
	public Set<String> types() {
		return this.byType.keySet();
	}

	/**
	 * The factory of a type.
	 * @param type the type
	 * @return the factory
	 * @throws IllegalArgumentException when no factory serves the type
	 */
	public ProviderClientFactory get(String type) {
		ProviderClientFactory factory = this.byType.get(type);
		if (factory == null) {
			throw new IllegalArgumentException("No ProviderClientFactory for provider type '" + type + "'");
		}
		return factory;
	}

}
