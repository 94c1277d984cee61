package io.github.llmfailover.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.llmfailover.actuate.LlmProvidersEndpoint;
import io.github.llmfailover.chat.FailoverChatClients;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.RetryBudget;

/**
 * Auto-configuration of the {@code llmproviders} actuator endpoint, when the application
 * has Spring Boot Actuator and exposes the endpoint.
 */
@AutoConfiguration(after = LlmFailoverAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ProviderRegistry.class)
@ConditionalOnAvailableEndpoint(LlmProvidersEndpoint.class)
public final class LlmProvidersEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmProvidersEndpoint llmProvidersEndpoint(ProviderRegistry registry, ObjectProvider<RetryBudget> retryBudget,
			ObjectProvider<FailoverChatClients> clients) {
		FailoverChatClients groups = clients.getIfAvailable();
		return new LlmProvidersEndpoint(registry, retryBudget.getIfAvailable(RetryBudget::unlimited),
				(groups != null) ? groups.groups() : List.of());
	}

}
