package io.github.llmfailover.autoconfigure;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.springai.FailoverChatModel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI support's auto-configuration: the {@code failoverChatModel} bean when Spring
 * AI is on the classpath, and exactly the same context as before when it is not.
 */
class LlmFailoverSpringAiAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmFailoverAutoConfiguration.class,
				LlmFailoverSpringAiAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class))
		.withPropertyValues("llm.failover.providers.openai.type=openai",
				"llm.failover.providers.openai.base-url=https://api.openai.com/v1",
				"llm.failover.providers.openai.model=gpt-4o-mini");

	@Test
	void failoverChatModelIsThePrimaryChatModel() {
		this.runner.withUserConfiguration(OtherChatModel.class).run((context) -> {
			assertThat(context).hasNotFailed().hasBean("failoverChatModel");
			assertThat(context.getBeansOfType(ChatModel.class)).hasSize(2);
			assertThat(context.getBean(ChatModel.class)).isSameAs(context.getBean("failoverChatModel"))
				.isInstanceOf(FailoverChatModel.class);
		});
	}

	@Test
	void anApplicationWithoutSpringAiSeesNoChange() {
		this.runner.run((withSpringAi) -> this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai"))
			.run((without) -> {
				assertThat(without).hasNotFailed().hasSingleBean(FailoverChatClient.class);
				Set<String> expected = beanNames(withSpringAi);
				expected.removeAll(Set.of("failoverChatModel", LlmFailoverSpringAiAutoConfiguration.class.getName()));
				assertThat(beanNames(without)).isEqualTo(expected);
			}));
	}

	@Test
	void noFailoverModelWhenLlmFailoverIsOff() {
		this.runner.withPropertyValues("llm.failover.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FailoverChatModel.class));
	}

	@Test
	void anApplicationsOwnFailoverModelWins() {
		this.runner.withUserConfiguration(OwnFailoverModel.class).run((context) -> {
			assertThat(context).hasSingleBean(FailoverChatModel.class).doesNotHaveBean("failoverChatModel");
			assertThat(context.getBean(FailoverChatModel.class)).isSameAs(context.getBean("myFailoverModel"));
		});
	}

	private static Set<String> beanNames(ApplicationContext context) {
		return new TreeSet<>(Arrays.asList(context.getBeanDefinitionNames()));
	}

	@Configuration(proxyBeanMethods = false)
	static class OtherChatModel {

		@Bean
		ChatModel otherChatModel() {
			return (prompt) -> {
				throw new UnsupportedOperationException("never called");
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFailoverModel {

		@Bean
		FailoverChatModel myFailoverModel(FailoverChatClient client) {
			return new FailoverChatModel(client, (provider) -> null);
		}

	}

}
