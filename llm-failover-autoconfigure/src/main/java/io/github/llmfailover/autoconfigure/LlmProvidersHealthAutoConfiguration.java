package io.github.llmfailover.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.llmfailover.actuate.LlmProvidersHealthDetailsContributor;
import io.github.llmfailover.actuate.LlmProvidersHealthIndicator;
import io.github.llmfailover.routing.ProviderRegistry;

/**
 * Auto-configuration of the {@code llmProviders} health contributor
 * ({@code management.health.llmproviders.enabled=false} turns it off).
 */
@AutoConfiguration(after = LlmFailoverAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ProviderRegistry.class)
@ConditionalOnEnabledHealthIndicator("llmproviders")
public final class LlmProvidersHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "llmProvidersHealthIndicator")
	LlmProvidersHealthIndicator llmProvidersHealthIndicator(ProviderRegistry registry,
			ObjectProvider<LlmProvidersHealthDetailsContributor> contributors) {
		return new LlmProvidersHealthIndicator(registry, contributors.orderedStream().toList());
	}

}
