package io.github.llmfailover.routing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.FailoverChatClients;
import io.github.llmfailover.chat.ModelGroup;
import io.github.llmfailover.chat.UnknownModelGroupException;
import io.github.llmfailover.observation.AttemptObservationConvention;
import io.github.llmfailover.observation.ChatObservationConvention;

/**
 * The {@link FailoverChatClients}: a {@link DefaultFailoverChatClient} for each group of
 * a {@link ProviderRegistry}, with the group's own failover policy, all sharing the retry
 * budget and observed the same way; found by the group's name or an alias.
 */
public final class DefaultFailoverChatClients implements FailoverChatClients {

	/** Each group's client by its name and by each alias. */
	private final Map<String, DefaultFailoverChatClient> byName = new HashMap<>();

	private final List<ModelGroup> groups;

	private final DefaultFailoverChatClient defaultClient;

	private final boolean grouped;

	/**
	 * @param registry the providers and their groups ({@link ProviderRegistry#groups()})
	 * @param policies the failover policy of each group, by the group's name
	 * @param aliases the other names of the groups that have some, by the group's name
	 * @param retryBudget how many retries and failovers requests of all groups may add
	 * together
	 * @param observationRegistry where requests and attempts are observed
	 * @param chatConvention names and tags requests, or {@code null} for the default
	 * @param attemptConvention names and tags attempts, or {@code null} for the default
	 * @throws IllegalArgumentException if an alias is the name or alias of another group
	 */
	public DefaultFailoverChatClients(ProviderRegistry registry, Function<String, FailoverPolicy> policies,
			Map<String, List<String>> aliases, RetryBudget retryBudget, ObservationRegistry observationRegistry,
			@Nullable ChatObservationConvention chatConvention,
			@Nullable AttemptObservationConvention attemptConvention) {
		this(registry, policies, aliases, retryBudget, Hedging.off(), observationRegistry, chatConvention,
				attemptConvention);
	}

	/**
	 * Clients that hedge requests.
	 * @param registry the providers and their groups ({@link ProviderRegistry#groups()})
	 * @param policies the failover policy of each group, by the group's name
	 * @param aliases the other names of the groups that have some, by the group's name
	 * @param retryBudget how many retries and failovers requests of all groups may add
	 * together
	 * @param hedging when requests of all groups are sent to a second provider because
	 * the first is slow, with one budget for all
	 * @param observationRegistry where requests and attempts are observed
	 * @param chatConvention names and tags requests, or {@code null} for the default
	 * @param attemptConvention names and tags attempts, or {@code null} for the default
	 * @throws IllegalArgumentException if an alias is the name or alias of another group
	 */
	public DefaultFailoverChatClients(ProviderRegistry registry, Function<String, FailoverPolicy> policies,
			Map<String, List<String>> aliases, RetryBudget retryBudget, Hedging hedging,
			ObservationRegistry observationRegistry, @Nullable ChatObservationConvention chatConvention,
			@Nullable AttemptObservationConvention attemptConvention) {
		this(registry, policies, aliases, retryBudget, hedging, Clock.systemUTC(),
				new FailoverObservations(observationRegistry, chatConvention, attemptConvention));
	}

	DefaultFailoverChatClients(ProviderRegistry registry, Function<String, FailoverPolicy> policies,
			Map<String, List<String>> aliases, RetryBudget retryBudget, Hedging hedging, Clock clock,
			FailoverObservations observations) {
		Map<String, DefaultFailoverChatClient> clients = new LinkedHashMap<>();
		registry.groups()
			.forEach((name, group) -> clients.put(name, new DefaultFailoverChatClient(group, policies.apply(name),
					retryBudget, hedging, clock, observations, this::client)));
		String defaultName = registry.defaultGroup().name();
		List<ModelGroup> groups = new ArrayList<>();
		clients.forEach((name, client) -> {
			List<String> names = aliases.getOrDefault(name, List.of());
			register(name, client);
			names.forEach((alias) -> register(alias, client));
			groups.add(new ModelGroup(name, names,
					client.registry().providers().stream().map(ProviderSnapshot::name).toList(),
					name.equals(defaultName)));
		});
		this.groups = List.copyOf(groups);
		this.defaultClient = Objects.requireNonNull(clients.get(defaultName), "the registry has its default group");
		this.grouped = registry.groups().values().stream().anyMatch((group) -> group != registry);
	}

	private void register(String name, DefaultFailoverChatClient client) {
		DefaultFailoverChatClient previous = this.byName.putIfAbsent(name, client);
		if (previous != null && previous != client) {
			throw new IllegalArgumentException("'" + name + "' names two model groups: " + previous.registry().name()
					+ " and " + client.registry().name());
		}
	}

	private DefaultFailoverChatClient client(String group) {
		DefaultFailoverChatClient client = this.byName.get(group);
		if (client == null) {
			throw new UnknownModelGroupException(group, this.groups.stream().map(ModelGroup::name).toList());
		}
		return client;
	}

	@Override
	public FailoverChatClient get(String group) {
		return client(group);
	}

	@Override
	public Optional<FailoverChatClient> find(String group) {
		return Optional.ofNullable(this.byName.get(group));
	}

	@Override
	public FailoverChatClient getDefault() {
		return this.defaultClient;
	}

	@Override
	public List<ModelGroup> groups() {
		return this.groups;
	}

	@Override
	public boolean isGrouped() {
		return this.grouped;
	}

}
