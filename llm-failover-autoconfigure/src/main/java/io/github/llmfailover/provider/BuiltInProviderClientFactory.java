package io.github.llmfailover.provider;

import java.util.Set;
import java.util.function.BiFunction;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.Capability;

record BuiltInProviderClientFactory(String type, Set<Capability> defaultCapabilities,
		BiFunction<ProviderSettings, WebClient.Builder, ProviderClient> constructor) implements ProviderClientFactory {

	@Override
	public ProviderClient create(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		return this.constructor.apply(settings, webClientBuilder);
	}

}
