package io.github.llmfailover.sample.gateway;

import java.util.List;

import org.springframework.stereotype.Component;

import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;

/**
 * Which failover client answers a request naming a model, and which models the gateway
 * lists: the one place every API of the gateway (Chat Completions, Responses, Messages,
 * {@code /v1/models}) asks, so that a change of the decision applies to all of them.
 * Today every model is served by the application's failover client, its providers'
 * configured models answering.
 */
@Component
class ModelRoutes {

	private final FailoverChatClient client;

	private final ProviderRegistry providers;

	ModelRoutes(FailoverChatClient client, ProviderRegistry providers) {
		this.client = client;
		this.providers = providers;
	}

	/**
	 * The client that serves a model.
	 * @param model the model the caller asked for, empty when it named none
	 * @return the client
	 */
	FailoverChatClient clientFor(String model) {
		return this.client;
	}

	/**
	 * The model a provider answers with, as the answers name it.
	 * @param provider the provider's name
	 * @return its model, or the name when it is unknown
	 */
	String modelOf(String provider) {
		return this.providers.find(provider).map(ProviderSnapshot::model).orElse(provider);
	}

	/**
	 * The models callers may name, for {@code GET /v1/models}.
	 * @return the ids, without duplicates
	 */
	List<String> models() {
		return this.providers.providers().stream().map(ProviderSnapshot::model).distinct().toList();
	}

}
