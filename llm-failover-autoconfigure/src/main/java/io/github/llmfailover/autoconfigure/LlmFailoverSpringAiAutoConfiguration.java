package io.github.llmfailover.autoconfigure;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.routing.ProviderSnapshot;
import io.github.llmfailover.springai.FailoverChatModel;

/**
 * Auto-configuration of Spring AI support, when Spring AI ({@code spring-ai-model}) is on
 * the classpath: the {@code failoverChatModel} bean, a Spring AI {@link ChatModel} served
 * by the {@link FailoverChatClient}. An application without Spring AI sees no change.
 */
@AutoConfiguration(after = LlmFailoverAutoConfiguration.class)
@ConditionalOnClass(ChatModel.class)
public final class LlmFailoverSpringAiAutoConfiguration {

	/**
	 * The failover model. Primary, so that an application that also has Spring AI model
	 * beans (to wrap as {@code spring-ai} providers) gets failover wherever it injects a
	 * {@code ChatModel} by type, Spring AI's {@code ChatClient.Builder} included.
	 */
	@Bean
	@Primary
	@ConditionalOnBean(FailoverChatClient.class)
	@ConditionalOnMissingBean(FailoverChatModel.class)
	FailoverChatModel failoverChatModel(FailoverChatClient client, ObjectProvider<ProviderRegistry> registry) {
		return new FailoverChatModel(client, (provider) -> {
			ProviderRegistry providers = registry.getIfAvailable();
			return (providers != null) ? providers.find(provider).map(ProviderSnapshot::model).orElse(null) : null;
		});
	}

}
