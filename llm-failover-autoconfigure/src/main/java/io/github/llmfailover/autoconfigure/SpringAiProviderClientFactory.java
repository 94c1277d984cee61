package io.github.llmfailover.autoconfigure;

import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.autoconfigure.InvalidLlmFailoverConfigurationException.Problem;
import io.github.llmfailover.chat.Capability;
import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.springai.FailoverChatModel;
import io.github.llmfailover.springai.SpringAiProviderClient;
import io.github.llmfailover.springai.SpringAiProviderType;

/**
 * Providers of type {@code spring-ai}, each served by the Spring AI {@link ChatModel}
 * bean its {@code chat-model} property names; start-up stops on a bean that cannot serve
 * (none of that name, not a {@code ChatModel}, the failover model itself). What a
 * provider can do unless its configuration says otherwise follows its model's default
 * options: tools when they take tool callbacks ({@code ToolCallingChatOptions}), JSON
 * schemas when they take an output schema ({@code StructuredOutputChatOptions}), images
 * as data always. Forced tool choice and image URLs have no portable Spring AI option and
 * are off. A capability turned on that the model's options cannot carry stops start-up
 * too.
 */
final class SpringAiProviderClientFactory implements ProviderClientFactory {

	/** What the options of a model decide. */
	private static final Set<Capability> FROM_OPTIONS = Collections
		.unmodifiableSet(EnumSet.of(Capability.TOOLS, Capability.JSON_SCHEMA));

	/** What a provider can do when its model's options allow everything. */
	private static final Set<Capability> AT_MOST = Collections
		.unmodifiableSet(EnumSet.of(Capability.TOOLS, Capability.IMAGES, Capability.JSON_SCHEMA));

	private final ListableBeanFactory beans;

	SpringAiProviderClientFactory(ListableBeanFactory beans) {
		this.beans = beans;
	}

	@Override
	public String type() {
		return SpringAiProviderType.TYPE;
	}

	@Override
	public Set<Capability> defaultCapabilities() {
		return AT_MOST;
	}

	@Override
	public Set<Capability> defaultCapabilities(String provider, URI address) {
		String bean = SpringAiProviderType.beanName(address);
		// A bean that cannot serve is refused by create(), naming the property.
		return isUsable(bean) ? capabilities(this.beans.getBean(bean, ChatModel.class)) : AT_MOST;
	}

	@Override
	public ProviderClient create(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		ChatModel model = chatModel(settings);
		Set<Capability> supported = capabilities(model);
		for (Capability capability : FROM_OPTIONS) {
			if (settings.capabilities().contains(capability) && !supported.contains(capability)) {
				String property = LlmFailoverProperties.PREFIX + ".providers." + settings.name() + ".capabilities."
						+ capability.propertyName();
				String options = model.getOptions().getClass().getSimpleName();
				throw invalid(property,
						"is true, but the options of its model (" + options + ", bean '"
								+ SpringAiProviderType.beanName(settings.baseUrl()) + "') cannot carry "
								+ ((capability == Capability.TOOLS) ? "tools" : "an output schema"),
						"Remove it, or set it to false: a spring-ai provider takes " + capability.propertyName()
								+ " when its model's options implement " + ((capability == Capability.TOOLS)
										? "ToolCallingChatOptions" : "StructuredOutputChatOptions")
								+ ".");
			}
		}
		return new SpringAiProviderClient(settings, model);
	}

	/** What a model's default options let a provider do. */
	private static Set<Capability> capabilities(ChatModel model) {
		// The builder is what a call's options are made with (SpringAiPrompts).
		ChatOptions.Builder<?> options = model.getOptions().mutate();
		Set<Capability> capabilities = EnumSet.of(Capability.IMAGES);
		if (options instanceof ToolCallingChatOptions.Builder<?>) {
			capabilities.add(Capability.TOOLS);
		}
		if (options instanceof StructuredOutputChatOptions.Builder<?>) {
			capabilities.add(Capability.JSON_SCHEMA);
		}
		return capabilities;
	}

	private boolean isUsable(String bean) {
		return this.beans.containsBean(bean) && !this.beans.isTypeMatch(bean, FailoverChatModel.class)
				&& this.beans.isTypeMatch(bean, ChatModel.class);
	}

	/**
	 * The bean a provider names, refusing what cannot serve it: a missing bean, one that
	 * is no ChatModel, and the failover model itself (whose calls would come back to it).
	 */
	private ChatModel chatModel(ProviderSettings settings) {
		String bean = SpringAiProviderType.beanName(settings.baseUrl());
		String property = LlmFailoverProperties.PREFIX + ".providers." + settings.name() + ".chat-model";
		List<String> models = Arrays.stream(this.beans.getBeanNamesForType(ChatModel.class, true, false))
			.filter((name) -> !this.beans.isTypeMatch(name, FailoverChatModel.class))
			.toList();
		String fix = "Set " + property + " to the name of a Spring AI ChatModel bean" + (models.isEmpty()
				? "; there is none: add a Spring AI model starter (e.g. spring-ai-starter-model-openai) or declare one."
				: ": " + String.join(", ", models) + ".");
		if (!this.beans.containsBean(bean)) {
			throw invalid(property, "is '" + bean + "', but there is no bean of that name", fix);
		}
		if (this.beans.isTypeMatch(bean, FailoverChatModel.class)) {
			throw invalid(property, "is '" + bean + "', the failover model itself, which cannot be its own provider",
					fix);
		}
		if (!this.beans.isTypeMatch(bean, ChatModel.class)) {
			throw invalid(property, "is '" + bean + "', which is not a Spring AI ChatModel", fix);
		}
		return this.beans.getBean(bean, ChatModel.class);
	}

	private static InvalidLlmFailoverConfigurationException invalid(String property, String description,
			String action) {
		return new InvalidLlmFailoverConfigurationException(
				List.of(new Problem(property, property + " " + description + ".", action)));
	}

}
