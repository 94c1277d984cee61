package io.github.llmfailover.autoconfigure;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

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

import io.github.llmfailover.autoconfigure.InvalidLlmFailoverConfigurationException.Problem;
import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.springai.FailoverAwareChatModelMeterObservationHandler;
import io.github.llmfailover.springai.FailoverChatModel;
import io.github.llmfailover.springai.SpringAiProviderClient;
import io.github.llmfailover.springai.SpringAiProviderType;

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
	 * Providers of type {@code spring-ai}. They take tools, images as data and JSON
	 * schemas by default (when their model's options do); Spring AI has no portable
	 * forced tool choice, and not every model fetches image URLs.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "llmSpringAiProviderClientFactory")
	ProviderClientFactory llmSpringAiProviderClientFactory(ListableBeanFactory beans) {
		return ProviderClientFactory.of(SpringAiProviderType.TYPE,
				EnumSet.of(Capability.TOOLS, Capability.IMAGES, Capability.JSON_SCHEMA),
				(settings, webClient) -> new SpringAiProviderClient(settings, chatModel(beans, settings)));
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

	/**
	 * The bean a provider names, refusing what cannot serve it: a missing bean, one that
	 * is no ChatModel, and the failover model itself (whose calls would come back to it).
	 */
	private static ChatModel chatModel(ListableBeanFactory beans, ProviderSettings settings) {
		String bean = SpringAiProviderType.beanName(settings.baseUrl());
		String property = LlmFailoverProperties.PREFIX + ".providers." + settings.name() + ".chat-model";
		List<String> models = Arrays.stream(beans.getBeanNamesForType(ChatModel.class, true, false))
			.filter((name) -> !beans.isTypeMatch(name, FailoverChatModel.class))
			.toList();
		String fix = "Set " + property + " to the name of a Spring AI ChatModel bean" + (models.isEmpty()
				? "; there is none: add a Spring AI model starter (e.g. spring-ai-starter-model-openai) or declare one."
				: ": " + String.join(", ", models) + ".");
		if (!beans.containsBean(bean)) {
			throw invalid(property, "is '" + bean + "', but there is no bean of that name", fix);
		}
		if (beans.isTypeMatch(bean, FailoverChatModel.class)) {
			throw invalid(property, "is '" + bean + "', the failover model itself, which cannot be its own provider",
					fix);
		}
		if (!beans.isTypeMatch(bean, ChatModel.class)) {
			throw invalid(property, "is '" + bean + "', which is not a Spring AI ChatModel", fix);
		}
		return beans.getBean(bean, ChatModel.class);
	}

	private static InvalidLlmFailoverConfigurationException invalid(String property, String description,
			String action) {
		return new InvalidLlmFailoverConfigurationException(
				List.of(new Problem(property, property + " " + description + ".", action)));
	}

}
