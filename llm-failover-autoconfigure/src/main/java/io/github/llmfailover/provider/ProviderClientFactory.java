package io.github.llmfailover.provider;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Creates the {@link ProviderClient} for providers of one {@link #type()}. The built-in
 * types are {@code openai}, {@code anthropic} and {@code ollama}; declare a bean of this
 * type to add a wire format, or to replace a built-in one by using its type.
 */
public interface ProviderClientFactory {

	/**
	 * The value of {@code llm.failover.providers.<name>.type} this factory serves.
	 * @return the type, lower case
	 */
	String type();

	/**
	 * Create the client of one provider.
	 * @param settings the provider's settings
	 * @param webClientBuilder a builder for this provider alone, carrying the
	 * application's customizations
	 * @return the client
	 */
	ProviderClient create(ProviderSettings settings, WebClient.Builder webClientBuilder);

	/**
	 * The factory of OpenAI Chat Completions clients, for OpenAI and every compatible
	 * API.
	 * @return the factory of type {@code openai}
	 */
	static ProviderClientFactory openAi() {
		return new BuiltInProviderClientFactory("openai", OpenAiProviderClient::new);
	}

	/**
	 * The factory of Anthropic Messages API clients.
	 * @return the factory of type {@code anthropic}
	 */
	static ProviderClientFactory anthropic() {
		return new BuiltInProviderClientFactory("anthropic", AnthropicProviderClient::new);
	}

	/**
	 * The factory of Ollama native API clients.
	 * @return the factory of type {@code ollama}
	 */
	static ProviderClientFactory ollama() {
		return new BuiltInProviderClientFactory("ollama", OllamaProviderClient::new);
	}

}
