package io.github.llmfailover.sample.gateway;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.FailoverChatClients;
import io.github.llmfailover.chat.ModelGroup;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;

/**
 * Which failover client answers a request naming a model, and which models the gateway
 * lists: the one place every API of the gateway (Chat Completions, Responses, Messages,
 * {@code /v1/models}) asks, so that a change of the decision applies to all of them. With
 * model groups configured ({@code llm.failover.groups}), a model is the name or an alias
 * of a group, and no other model is served; without them, every model goes to the one
 * default group of every provider. A request without a model goes to the default group.
 */
@Component
class ModelRoutes {

	private final FailoverChatClients clients;

	private final ProviderRegistry providers;

	/**
	 * Each provider's model, by the provider's name: configuration, which operators do
	 * not change, read once rather than from a snapshot of the routing state at each
	 * stream's first token.
	 */
	private final Map<String, String> modelsOfProviders;

	ModelRoutes(FailoverChatClients clients, ProviderRegistry providers) {
		this.clients = clients;
		this.providers = providers;
		this.modelsOfProviders = providers.providers()
			.stream()
			.collect(Collectors.toUnmodifiableMap(ProviderSnapshot::name, ProviderSnapshot::model));
	}

	/**
	 * The client that serves a model.
	 * @param model the model the caller asked for, empty or {@code null} when it named
	 * none
	 * @return the client of the model's group
	 * @throws ModelNotFoundException if groups are configured and none has that name or
	 * alias
	 */
	FailoverChatClient clientFor(@Nullable String model) {
		if (model == null || model.isEmpty() || !this.clients.isGrouped()) {
			return this.clients.getDefault();
		}
		return this.clients.find(model).orElseThrow(() -> new ModelNotFoundException(model, models()));
	}

	/**
	 * The model a provider answers with, as the answers name it.
	 * @param provider the provider's name
	 * @return its model, or the name when it is unknown
	 */
	String modelOf(String provider) {
		return this.modelsOfProviders.getOrDefault(provider, provider);
	}

	/**
	 * The models callers may name, for {@code GET /v1/models}: the groups' names, or
	 * without groups the providers' models.
	 * @return the ids, without duplicates
	 */
	List<String> models() {
		if (this.clients.isGrouped()) {
			return this.clients.groups().stream().map(ModelGroup::name).toList();
		}
		return this.providers.providers().stream().map(ProviderSnapshot::model).distinct().toList();
	}

}
