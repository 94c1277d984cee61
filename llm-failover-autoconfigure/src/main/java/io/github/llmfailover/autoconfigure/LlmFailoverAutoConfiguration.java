package io.github.llmfailover.autoconfigure;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
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
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JAutoConfiguration;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.observation.AttemptObservationConvention;
import io.github.llmfailover.observation.ChatObservationConvention;
import io.github.llmfailover.provider.ProviderClientFactories;
import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.routing.DefaultFailoverChatClient;
import io.github.llmfailover.routing.LocalProviderRateLimiter;
import io.github.llmfailover.routing.FailoverPolicy;
import io.github.llmfailover.routing.ProviderBulkheadCustomizer;
import io.github.llmfailover.routing.ProviderRateLimiter;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderStateListener;

/**
 * Auto-configuration of the {@link FailoverChatClient}: validates {@code llm.failover},
 * creates one client per provider (each on its own clone of the application's
 * {@link WebClient.Builder}), a Resilience4j circuit breaker and bulkhead per provider
 * (in the registries Spring Cloud CircuitBreaker uses), and the client that routes
 * between them. Every bean backs off when the application declares its own.
 */
@AutoConfiguration(after = { ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
		ReactiveResilience4JAutoConfiguration.class })
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
		LlmFailoverProperties.Backoff backoff = properties.getBackoff();
		return new FailoverPolicy(properties.getMaxAttempts(), properties.getTimeout(), properties.getAttemptTimeout(),
				new FailoverPolicy.Backoff(backoff.getInitial(), backoff.getMultiplier(), backoff.getMax()),
				properties.getMaxCooldown());
	}

	@Bean
	@ConditionalOnMissingBean
	ProviderBulkheadCustomizer llmProviderBulkheadCustomizer(ProviderDefinitions definitions) {
		return new ProviderBulkheadCustomizer(definitions.byName(ProviderDefinition::maxConcurrentCalls));
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
	ProviderRegistry llmProviderRegistry(ProviderDefinitions definitions, ProviderClientFactories factories,
			ObjectProvider<WebClient.Builder> webClientBuilders, ProviderHttpConnectors connectors,
			ObjectProvider<ReactiveResilience4JCircuitBreakerFactory> circuitBreakerFactory,
			ObjectProvider<CircuitBreakerRegistry> circuitBreakerRegistry,
			ObjectProvider<ReactiveResilience4jBulkheadProvider> bulkheads,
			ObjectProvider<ProviderStateListener> listeners, ObjectProvider<ProviderRateLimiter> rateLimiter) {
		ProviderRegistry.Builder registry = ProviderRegistry
			.builder(circuitBreakerRegistry(circuitBreakerFactory, circuitBreakerRegistry))
			.bulkheads(bulkheads.getIfAvailable())
			.listeners(listeners.orderedStream().toList())
			.rateLimiter(rateLimiter.getIfUnique());
		for (ProviderDefinition definition : definitions.all()) {
			// Cloned even though Boot's builder bean is a prototype: an application may
			// declare a singleton one, and each provider adds its own default headers.
			WebClient.Builder webClient = connectors.apply(definition.name(),
					webClientBuilders.getIfAvailable(WebClient::builder).clone());
			ProviderSettings settings = definition.route().settings();
			registry.add(definition.route(), factories.get(settings.type()).create(settings, webClient));
		}
		return registry.build();
	}

	@Bean
	@ConditionalOnMissingBean
	FailoverChatClient failoverChatClient(ProviderRegistry registry, FailoverPolicy policy,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ChatObservationConvention> chatConvention,
			ObjectProvider<AttemptObservationConvention> attemptConvention) {
		return new DefaultFailoverChatClient(registry, policy,
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), chatConvention.getIfAvailable(),
				attemptConvention.getIfAvailable());
	}

	/**
	 * The registry Spring Cloud CircuitBreaker keeps its breakers in, else the
	 * application's, so that their metrics and actuator views of Resilience4j include the
	 * providers' breakers.
	 */
	private static CircuitBreakerRegistry circuitBreakerRegistry(
			ObjectProvider<ReactiveResilience4JCircuitBreakerFactory> circuitBreakerFactory,
			ObjectProvider<CircuitBreakerRegistry> circuitBreakerRegistry) {
		ReactiveResilience4JCircuitBreakerFactory factory = circuitBreakerFactory.getIfAvailable();
		return (factory != null) ? factory.getCircuitBreakerRegistry()
				: circuitBreakerRegistry.getIfAvailable(CircuitBreakerRegistry::ofDefaults);
	}

}
