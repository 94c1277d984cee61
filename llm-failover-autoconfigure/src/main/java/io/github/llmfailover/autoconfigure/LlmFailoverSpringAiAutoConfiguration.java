package io.github.llmfailover.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.springai.FailoverAwareChatModelMeterObservationHandler;
import io.github.llmfailover.springai.FailoverChatModel;

/**
 * Auto-configuration of Spring AI support, when Spring AI ({@code spring-ai-model}) is on
 * the classpath: the {@code failoverChatModel} bean, a Spring AI {@link ChatModel} served
 * by the {@link FailoverChatClient}, and providers of type {@code spring-ai}, each served
 * by the Spring AI {@code ChatModel} bean its {@code chat-model} property names. With
 * Spring AI's chat observations, its token meter handler is replaced by one that leaves
 * the calls of failover attempts to llm-failover's own token meter. An application
 * without Spring AI sees no change.
 */
// After the meter registry (optional here, so by name), before Spring AI's observations.
@AutoConfiguration(after = LlmFailoverAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		beforeName = LlmFailoverSpringAiAutoConfiguration.SPRING_AI_CHAT_OBSERVATIONS)
@ConditionalOnClass(ChatModel.class)
public final class LlmFailoverSpringAiAutoConfiguration {

	/** Spring AI's auto-configuration of its chat model observations. */
	static final String SPRING_AI_CHAT_OBSERVATIONS = "org.springframework.ai.model.chat.observation.autoconfigure."
			+ "ChatObservationAutoConfiguration";

	/**
	 * The failover model. Primary, so that an application that also has Spring AI model
	 * beans (to wrap as {@code spring-ai} providers) gets failover wherever it injects a
	 * {@code ChatModel} by type, Spring AI's {@code ChatClient.Builder} included.
	 */
	@Bean
	@Primary
	@ConditionalOnBean(FailoverChatClient.class)
	@ConditionalOnMissingBean(FailoverChatModel.class)
	FailoverChatModel failoverChatModel(FailoverChatClient client, ObjectProvider<ProviderRegistry> registry,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return new FailoverChatModel(client, (provider) -> {
			ProviderRegistry providers = registry.getIfAvailable();
			return (providers != null) ? providers.find(provider).map(ProviderSnapshot::model).orElse(null) : null;
		}, observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	/**
	 * Providers of type {@code spring-ai}, with what each can do following its model's
	 * options ({@link SpringAiProviderClientFactory}).
	 */
	@Bean
	@ConditionalOnMissingBean(name = "llmSpringAiProviderClientFactory")
	ProviderClientFactory llmSpringAiProviderClientFactory(ListableBeanFactory beans) {
		return new SpringAiProviderClientFactory(beans);
	}

	/**
	 * Spring AI's token meters, without the model calls that failover attempts make: what
	 * Spring AI's chat observation auto-configuration would define, so it backs off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SPRING_AI_CHAT_OBSERVATIONS, value = MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class SpringAiTokenMetersConfiguration {

		@Bean
		@ConditionalOnMissingBean(ChatModelMeterObservationHandler.class)
		FailoverAwareChatModelMeterObservationHandler llmFailoverChatModelMeterObservationHandler(
				MeterRegistry meterRegistry) {
			return new FailoverAwareChatModelMeterObservationHandler(meterRegistry);
		}

	}

}
