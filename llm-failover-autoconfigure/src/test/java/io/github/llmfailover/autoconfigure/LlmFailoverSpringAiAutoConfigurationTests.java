package io.github.llmfailover.autoconfigure;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.routing.ProviderRegistry;
import io.github.llmfailover.springai.FailoverChatModel;
import io.github.llmfailover.test.ExpectedStartupFailures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI support's auto-configuration: the {@code failoverChatModel} bean when Spring
 * AI is on the classpath, and exactly the same context as before when it is not.
 */
@ExtendWith(ExpectedStartupFailures.class)
class LlmFailoverSpringAiAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmFailoverAutoConfiguration.class,
				LlmFailoverSpringAiAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class))
		.withPropertyValues("llm.failover.providers.openai.type=openai",
				"llm.failover.providers.openai.base-url=https://api.openai.com/v1",
				"llm.failover.providers.openai.model=gpt-4o-mini");

	private static final String[] SPRING_AI_PROVIDER = { "llm.failover.providers.ai.type=spring-ai",
			"llm.failover.providers.ai.model=gpt-4o-mini", "llm.failover.providers.ai.priority=1" };

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
				expected.removeAll(Set.of("failoverChatModel", "llmSpringAiProviderClientFactory",
						LlmFailoverSpringAiAutoConfiguration.class.getName()));
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

	@Test
	void theFailoverModelCannotBeItsOwnProvider() {
		assertAnalysis(
				this.runner.withUserConfiguration(OtherChatModel.class)
					.withPropertyValues(SPRING_AI_PROVIDER)
					.withPropertyValues("llm.failover.providers.ai.chat-model=failoverChatModel"),
				"llm.failover.providers.ai.chat-model is 'failoverChatModel', the failover model itself, which cannot "
						+ "be its own provider",
				"to the name of a Spring AI ChatModel bean: otherChatModel.");
	}

	@Test
	void aSpringAiProviderNamesAnExistingChatModelBean() {
		ApplicationContextRunner runner = this.runner.withUserConfiguration(OtherChatModel.class)
			.withBean("notAModel", String.class, () -> "text")
			.withPropertyValues(SPRING_AI_PROVIDER);
		assertAnalysis(runner.withPropertyValues("llm.failover.providers.ai.chat-model=openAiChatModel"),
				"llm.failover.providers.ai.chat-model is 'openAiChatModel', but there is no bean of that name",
				"ChatModel bean: otherChatModel.");
		assertAnalysis(runner.withPropertyValues("llm.failover.providers.ai.chat-model=notAModel"),
				"llm.failover.providers.ai.chat-model is 'notAModel', which is not a Spring AI ChatModel",
				"ChatModel bean: otherChatModel.");
		assertAnalysis(
				this.runner.withPropertyValues(SPRING_AI_PROVIDER)
					.withPropertyValues("llm.failover.providers.ai.chat-model=openAiChatModel"),
				"no bean of that name", "there is none: add a Spring AI model starter");
	}

	@Test
	void aSpringAiProviderIsConfiguredByItsBeanNotAUrl() {
		ApplicationContextRunner runner = this.runner.withUserConfiguration(OtherChatModel.class)
			.withPropertyValues(SPRING_AI_PROVIDER);
		assertAnalysis(runner, "llm.failover.providers.ai.chat-model is not set",
				"Set llm.failover.providers.ai.chat-model to the name of that bean");
		assertAnalysis(
				runner.withPropertyValues("llm.failover.providers.ai.chat-model=otherChatModel",
						"llm.failover.providers.ai.base-url=https://api.openai.com/v1",
						"llm.failover.providers.ai.api-key=sk-1"),
				"llm.failover.providers.ai.base-url is set, but a spring-ai provider calls its ChatModel bean",
				"Remove llm.failover.providers.ai.api-key");
		assertAnalysis(this.runner.withPropertyValues("llm.failover.providers.openai.chat-model=otherChatModel"),
				"llm.failover.providers.openai.chat-model is set, but only providers of type spring-ai",
				"llm.failover.providers.openai.type=spring-ai");
		this.runner.withUserConfiguration(OtherChatModel.class)
			.withPropertyValues(SPRING_AI_PROVIDER)
			.withPropertyValues("llm.failover.providers.ai.chat-model=otherChatModel")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aSpringAiProvidersCapabilitiesFollowItsModelsOptions() {
		this.runner.withUserConfiguration(OtherChatModel.class, ModelsWithOptions.class)
			.withPropertyValues("llm.failover.providers.plain.type=spring-ai",
					"llm.failover.providers.plain.chat-model=otherChatModel", "llm.failover.providers.plain.model=m",
					"llm.failover.providers.tools.type=spring-ai",
					"llm.failover.providers.tools.chat-model=toolCallingModel", "llm.failover.providers.tools.model=m",
					"llm.failover.providers.both.type=spring-ai", "llm.failover.providers.both.chat-model=openAiModel",
					"llm.failover.providers.both.model=m", "llm.failover.providers.narrowed.type=spring-ai",
					"llm.failover.providers.narrowed.chat-model=openAiModel", "llm.failover.providers.narrowed.model=m",
					"llm.failover.providers.narrowed.capabilities.json-schema=false")
			.run((context) -> {
				ProviderRegistry registry = context.getBean(ProviderRegistry.class);
				assertThat(registry.find("plain").orElseThrow().capabilities()).containsExactly(Capability.IMAGES);
				assertThat(registry.find("tools").orElseThrow().capabilities())
					.containsExactlyInAnyOrder(Capability.TOOLS, Capability.IMAGES);
				assertThat(registry.find("both").orElseThrow().capabilities())
					.containsExactlyInAnyOrder(Capability.TOOLS, Capability.IMAGES, Capability.JSON_SCHEMA);
				assertThat(registry.find("narrowed").orElseThrow().capabilities())
					.containsExactlyInAnyOrder(Capability.TOOLS, Capability.IMAGES);
			});
	}

	@Test
	void aCapabilityTheModelsOptionsCannotCarryStopsStartUp() {
		assertAnalysis(
				this.runner.withUserConfiguration(OtherChatModel.class)
					.withPropertyValues(SPRING_AI_PROVIDER)
					.withPropertyValues("llm.failover.providers.ai.chat-model=otherChatModel",
							"llm.failover.providers.ai.capabilities.tools=true"),
				"llm.failover.providers.ai.capabilities.tools is true, but the options of its model (DefaultChatOptions,"
						+ " bean 'otherChatModel') cannot carry tools",
				"a spring-ai provider takes tools when its model's options implement ToolCallingChatOptions");
	}

	@Test
	void withoutSpringAiTheTypeIsUnknown() {
		assertAnalysis(
				this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai"))
					.withPropertyValues(SPRING_AI_PROVIDER)
					.withPropertyValues("llm.failover.providers.ai.chat-model=otherChatModel"),
				"llm.failover.providers.ai.type is 'spring-ai', which is not a known provider type",
				"one of: anthropic, ollama, openai");
	}

	private static void assertAnalysis(ApplicationContextRunner runner, String description, String action) {
		runner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new LlmFailoverFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
			assertThat(analysis.getDescription()).contains(description);
			assertThat(analysis.getAction()).contains(action);
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
	static class ModelsWithOptions {

		@Bean
		ChatModel toolCallingModel() {
			return new OptionsOnlyModel(ToolCallingChatOptions.builder().build());
		}

		@Bean
		ChatModel openAiModel() {
			return new OptionsOnlyModel(OpenAiChatOptions.builder().build());
		}

	}

	/** A model that is never called, with the given default options. */
	static final class OptionsOnlyModel implements ChatModel {

		private final ChatOptions options;

		OptionsOnlyModel(ChatOptions options) {
			this.options = options;
		}

		@Override
		public ChatResponse call(Prompt prompt) {
			throw new UnsupportedOperationException("never called");
		}

		@Override
		public ChatOptions getOptions() {
			return this.options;
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
