package io.github.llmfailover.provider;

import java.net.URI;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiFunction;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.Capability;

/**
 * Creates the {@link ProviderClient} for providers of one {@link #type()}. The built-in
 * types are {@code openai}, {@code anthropic} and {@code ollama} (see
 * {@code OpenAiProviderClient.factory()} and its siblings); declare a bean of this type
 * to add a wire format, or to replace a built-in one by using its type.
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
	 * What providers of this type can do unless their configuration says otherwise
	 * ({@code llm.failover.providers.<name>.capabilities.*}).
	 * @return the capabilities; none (text only) unless the factory says more
	 */
	default Set<Capability> defaultCapabilities() {
		return EnumSet.noneOf(Capability.class);
	}

	/**
	 * What one provider of this type can do unless its configuration says otherwise: the
	 * type's {@link #defaultCapabilities()}, unless the factory knows the provider better
	 * (a {@code spring-ai} provider's follow the options of its model bean).
	 * @param provider the provider's name
	 * @param address its address: its base URL, or {@code bean:<name>} for a bean
	 * @return the capabilities
	 */
	default Set<Capability> defaultCapabilities(String provider, URI address) {
		return defaultCapabilities();
	}

	/**
	 * A factory of the given type.
	 * @param type the type
	 * @param capabilities what providers of the type can do by default
	 * @param constructor creates a client
	 * @return the factory
	 */
	static ProviderClientFactory of(String type, Set<Capability> capabilities,
			BiFunction<ProviderSettings, WebClient.Builder, ProviderClient> constructor) {
		return new BuiltInProviderClientFactory(type, Set.copyOf(capabilities), constructor);
	}

}
