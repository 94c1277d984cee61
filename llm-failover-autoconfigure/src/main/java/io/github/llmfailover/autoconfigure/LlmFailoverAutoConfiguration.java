package io.github.llmfailover.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.FailoverChatClients;
import io.github.llmfailover.cost.LocalSpendLedger;
import io.github.llmfailover.cost.SpendCalendar;
import io.github.llmfailover.cost.SpendLedger;
import io.github.llmfailover.observation.AttemptObservationConvention;
import io.github.llmfailover.observation.ChatObservationConvention;
import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.routing.DefaultFailoverChatClients;
import io.github.llmfailover.routing.FailoverPolicy;
import io.github.llmfailover.routing.HeaderRateLimits;
import io.github.llmfailover.routing.Hedging;
import io.github.llmfailover.routing.LatencyAwareShares;
import io.github.llmfailover.routing.LocalProviderRateLimiter;
import io.github.llmfailover.routing.PanicRouting;
import io.github.llmfailover.routing.ProviderRateLimiter;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderStateListener;
import io.github.llmfailover.routing.RetryBudget;
import io.github.llmfailover.routing.TierRouting;

/**
 * Auto-configuration of the {@link FailoverChatClient}: validates {@code llm.failover},
 * creates one client per provider (each on its own clone of the application's
 * {@link WebClient.Builder}), a Resilience4j circuit breaker and bulkhead per provider
 * (in the application's Resilience4j registries), the panic routing and retry budget
 * strategies, and a client per model group that routes between them
 * ({@link FailoverChatClients}), the default group's being the
 * {@link FailoverChatClient}. Every bean backs off when the application declares its own.
 */
@AutoConfiguration(after = { ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
		CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "llm.failover.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmFailoverProperties.class)
public final class LlmFailoverAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProviderClientFactories llmProviderClientFactories(ObjectProvider<ProviderClientFactory> factories) {
		return ProviderClientFactories.withBuiltIns(factories.orderedStream().toList());
	}

	@Bean
	ProviderDefinitions llmProviderDefinitions(LlmFailoverProperties properties, ProviderClientFactories factories) {
		return ProviderDefinitions.resolve(properties, factories);
	}

	@Bean
	@ConditionalOnMissingBean
	FailoverPolicy llmFailoverPolicy(LlmFailoverProperties properties, ProviderDefinitions definitions) {
		BackoffProperties backoff = properties.getBackoff();
		return new FailoverPolicy(properties.getMaxAttempts(), properties.getTimeout(), properties.getAttemptTimeout(),
				new FailoverPolicy.Backoff(backoff.getInitial(), backoff.getMultiplier(), backoff.getMax()),
				properties.getMaxCooldown());
	}

	@Bean
	@ConditionalOnMissingBean
	PanicRouting llmPanicRouting(LlmFailoverProperties properties) {
		return properties.getPanic().isEnabled() ? PanicRouting.openCircuits() : PanicRouting.off();
	}

	@Bean
	@ConditionalOnMissingBean
	RetryBudget llmRetryBudget(LlmFailoverProperties properties, ProviderDefinitions definitions) {
		// After the definitions, which validate the configuration: a bad budget is then
		// reported with every other problem, by property name.
		RetryBudgetProperties budget = properties.getRetryBudget();
		return budget.isEnabled() ? RetryBudget.of(budget.getPercent(), budget.getMinRetriesPerSecond(),
				budget.getWindow(), Clock.systemUTC()) : RetryBudget.unlimited();
	}

	@Bean
	@ConditionalOnMissingBean
	HeaderRateLimits llmHeaderRateLimits(LlmFailoverProperties properties, ProviderDefinitions definitions) {
		// After the definitions, which validate the configuration.
		RateLimitHeadersProperties headers = properties.getRateLimitHeaders();
		return headers.isEnabled()
				? HeaderRateLimits.of(headers.getReserveRequests(), headers.getReserveTokens(), headers.getMaxHold())
				: HeaderRateLimits.off();
	}

	@Bean
	@ConditionalOnMissingBean
	Hedging llmHedging(LlmFailoverProperties properties, ProviderDefinitions definitions) {
		// After the definitions, which validate the configuration.
		HedgingProperties hedging = properties.getHedging();
		return Hedging.of(hedging.isEnabled(), hedging.getDelay(), hedging.getPercentile(), hedging.getBudgetPercent());
	}

	@Bean
	ProviderHttpConnectors llmProviderHttpConnectors(LlmFailoverProperties properties,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> clientSettings) {
		ClientHttpConnectorBuilder<?> builder = connectorBuilder.getIfAvailable(ClientHttpConnectorBuilder::reactor);
		return new ProviderHttpConnectors(
				(builder instanceof ReactorClientHttpConnectorBuilder reactor) ? reactor : null,
				clientSettings.getIfAvailable(HttpClientSettings::defaults), properties.getHttp());
	}

	@Bean
	@ConditionalOnMissingBean
	ProviderRateLimiter llmProviderRateLimiter(ProviderDefinitions definitions) {
		return new LocalProviderRateLimiter(definitions.rateLimits(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	SpendLedger llmSpendLedger(LlmFailoverProperties properties, ProviderDefinitions definitions) {
		return new LocalSpendLedger(definitions.currencies(), new SpendCalendar(properties.getCost().getTimeZone()));
	}

	@Bean
	@ConditionalOnMissingBean
	TierRouting llmTierRouting(LlmFailoverProperties properties, ProviderDefinitions definitions) {
		// After the definitions, which validate the routing properties.
		RoutingProperties routing = properties.getRouting();
		// One cheapest-first instance for all its tiers: each provider's answers are
		// averaged once.
		TierRouting cheapestFirst = TierRouting.cheapestFirst(routing.getExpectedOutputTokens());
		Map<Integer, TierRouting> tiers = new LinkedHashMap<>();
		routing.getTierStrategy()
			.forEach((priority, strategy) -> tiers.put(priority, tierRouting(strategy, cheapestFirst)));
		return TierRouting.perTier(tierRouting(routing.getStrategy(), cheapestFirst), tiers);
	}

	private static TierRouting tierRouting(RoutingProperties.Strategy strategy, TierRouting cheapestFirst) {
		return (strategy == RoutingProperties.Strategy.CHEAPEST_FIRST) ? cheapestFirst : TierRouting.weighted();
	}

	@Bean
	@ConditionalOnMissingBean
	LatencyAwareShares llmLatencyAwareShares(LlmFailoverProperties properties, ProviderDefinitions definitions) {
		// After the definitions, which validate the routing properties.
		RoutingProperties routing = properties.getRouting();
		RoutingProperties.LatencyAware latencyAware = routing.getLatencyAware();
		Map<Integer, RoutingProperties.Strategy> tiers = Map.copyOf(routing.getTierStrategy());
		RoutingProperties.Strategy strategy = routing.getStrategy();
		return LatencyAwareShares
			.of(latencyAware.getHalfLife(), latencyAware.getMaxFactor(), latencyAware.getMinShare())
			.inTiers((priority) -> tiers.getOrDefault(priority, strategy) == RoutingProperties.Strategy.LATENCY_AWARE);
	}

	@Bean
	@ConditionalOnMissingBean
	ProviderRegistry llmProviderRegistry(ProviderDefinitions definitions, ProviderClientFactories factories,
			ObjectProvider<WebClient.Builder> webClientBuilders, ProviderHttpConnectors connectors,
			ObjectProvider<CircuitBreakerRegistry> circuitBreakers, ObjectProvider<BulkheadRegistry> bulkheads,
			ObjectProvider<ProviderStateListener> listeners, ObjectProvider<ProviderRateLimiter> rateLimiter,
			ObjectProvider<SpendLedger> spendLedger, PanicRouting panicRouting, HeaderRateLimits headerRateLimits,
			TierRouting tierRouting, LatencyAwareShares latencyAwareShares) {
		// The application's registries, so that Resilience4j's metrics and actuator views
		// include the providers; an instance it configured under a provider's name wins.
		ProviderRegistry.Builder registry = ProviderRegistry
			.builder(circuitBreakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults))
			.bulkheads(bulkheads.getIfAvailable(BulkheadRegistry::ofDefaults),
					definitions.byName(ProviderDefinition::maxConcurrentCalls))
			.listeners(listeners.orderedStream().toList())
			.rateLimiter(rateLimiter.getIfUnique())
			.spendLedger(spendLedger.getIfUnique())
			.tierRouting(tierRouting)
			.latencyAwareShares(latencyAwareShares)
			.panicRouting(panicRouting)
			.headerRateLimits(headerRateLimits);
		for (ProviderDefinition definition : definitions.all()) {
			// Cloned even though Boot's builder bean is a prototype: an application may
			// declare a singleton one, and each provider adds its own default headers.
			WebClient.Builder webClient = connectors.apply(definition.name(),
					webClientBuilders.getIfAvailable(WebClient::builder).clone());
			ProviderSettings settings = definition.route().settings();
			registry.add(definition.route(), factories.get(settings.type()).create(settings, webClient));
		}
		definitions.groups().forEach((name, group) -> registry.group(name, group.members()));
		if (definitions.defaultGroup() != null) {
			registry.defaultGroup(definitions.defaultGroup());
		}
		return registry.build();
	}

	@Bean
	@ConditionalOnMissingBean
	FailoverChatClients failoverChatClients(ProviderRegistry registry, ProviderDefinitions definitions,
			FailoverPolicy policy, RetryBudget retryBudget, Hedging hedging,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ChatObservationConvention> chatConvention,
			ObjectProvider<AttemptObservationConvention> attemptConvention) {
		Map<String, GroupDefinition> groups = definitions.groups();
		Function<String, FailoverPolicy> policies = (name) -> {
			GroupDefinition group = groups.get(name);
			return (group != null) ? group.policy(policy) : policy;
		};
		return new DefaultFailoverChatClients(registry, policies, definitions.aliases(), retryBudget, hedging,
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), chatConvention.getIfAvailable(),
				attemptConvention.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	FailoverChatClient failoverChatClient(FailoverChatClients clients) {
		return clients.getDefault();
	}

}
