package io.github.llmfailover.springai;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.util.MimeType;

import io.github.llmfailover.chat.ChatMessage;
import io.github.llmfailover.chat.ChatMessage.Role;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ContentPart;
import io.github.llmfailover.chat.ResponseFormat;
import io.github.llmfailover.chat.ToolCall;
import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.provider.ProviderSettings;

/**
 * Turns a {@link ChatRequest} into the {@link Prompt} of one Spring AI model: the
 * conversation in Spring AI's messages, and options built from the model's own default
 * options (so a model that insists on its options type gets it) with the provider's
 * model, the request's settings, its tools as descriptions and its output schema.
 */
final class SpringAiPrompts {

	private static final String ANY_OBJECT = "{\"type\":\"object\"}";

	private SpringAiPrompts() {
	}

	static Prompt toPrompt(ChatRequest request, ProviderSettings settings, ChatOptions modelDefaults) {
		return new Prompt(messages(request.messages()), options(request, settings, modelDefaults));
	}

	private static List<Message> messages(List<ChatMessage> conversation) {
		List<Message> messages = new ArrayList<>();
		Map<String, String> toolNames = new HashMap<>();
		List<ToolResponseMessage.ToolResponse> results = new ArrayList<>();
		for (ChatMessage message : conversation) {
			if (message.role() == Role.TOOL) {
				String id = Objects.requireNonNull(message.toolCallId(), "a tool message answers a call");
				results
					.add(new ToolResponseMessage.ToolResponse(id, toolNames.getOrDefault(id, ""), message.content()));
				continue;
			}
			// Spring AI carries the results of one assistant turn in one message.
			flushResults(messages, results);
			switch (message.role()) {
				case SYSTEM -> messages.add(new SystemMessage(message.content()));
				case USER -> messages.add(user(message));
				default -> {
					message.toolCalls().forEach((call) -> toolNames.put(call.id(), call.name()));
					messages.add(AssistantMessage.builder()
						.content(message.content())
						.toolCalls(message.toolCalls().stream().map(SpringAiPrompts::toolCall).toList())
						.build());
				}
			}
		}
		flushResults(messages, results);
		return messages;
	}

	private static void flushResults(List<Message> messages, List<ToolResponseMessage.ToolResponse> results) {
		if (!results.isEmpty()) {
			messages.add(ToolResponseMessage.builder().responses(List.copyOf(results)).build());
			results.clear();
		}
	}

	private static AssistantMessage.ToolCall toolCall(ToolCall call) {
		return new AssistantMessage.ToolCall(call.id(), "function", call.name(), call.arguments());
	}

	private static UserMessage user(ChatMessage message) {
		List<Media> media = new ArrayList<>();
		for (ContentPart part : message.parts()) {
			if (part instanceof ContentPart.Image image) {
				media.add(media(image));
			}
		}
		return UserMessage.builder().text(message.content()).media(media).build();
	}

	private static Media media(ContentPart.Image image) {
		if (image.url() != null) {
			// The type of a remote image is unknown until fetched; models read the URL.
			return Media.builder().mimeType(MimeType.valueOf("image/*")).data(image.url()).build();
		}
		return Media.builder()
			.mimeType(MimeType.valueOf(Objects.requireNonNull(image.mediaType(), "image data has a type")))
			.data(Base64.getDecoder().decode(Objects.requireNonNull(image.data(), "an image without URL has data")))
			.build();
	}

	private static ChatOptions options(ChatRequest request, ProviderSettings settings, ChatOptions modelDefaults) {
		ChatOptions.Builder<?> options = modelDefaults.mutate().model(settings.model());
		Integer maxTokens = (request.maxTokens() != null) ? request.maxTokens() : settings.defaultMaxTokens();
		if (maxTokens != null) {
			options.maxTokens(maxTokens);
		}
		if (request.temperature() != null) {
			options.temperature(request.temperature());
		}
		if (request.topP() != null) {
			options.topP(request.topP());
		}
		if (!request.stop().isEmpty()) {
			options.stopSequences(request.stop());
		}
		if (options instanceof ToolCallingChatOptions.Builder<?> tooling) {
			// Only the request's tools: tools configured on the model would come back as
			// calls the caller never offered.
			List<ToolCallback> tools = request.tools().stream().<ToolCallback>map(DescribedTool::new).toList();
			tooling.toolCallbacks(tools);
		}
		else if (!request.tools().isEmpty()) {
			throw unsupported(settings, "tools", "tools");
		}
		ResponseFormat format = request.responseFormat();
		if (format.type() != ResponseFormat.Type.TEXT) {
			if (!(options instanceof StructuredOutputChatOptions.Builder<?> structured)) {
				throw unsupported(settings, "structured output", "json-schema");
			}
			structured.outputSchema((format.schema() != null) ? format.schema() : ANY_OBJECT);
		}
		return options.build();
	}

	private static ProviderException unsupported(ProviderSettings settings, String what, String capability) {
		return ProviderException.errorStatus(settings.name(), 0,
				"the options of this Spring AI model (" + settings.model() + ") take no " + what
						+ "; set llm.failover.providers." + settings.name() + ".capabilities." + capability + "=false",
				null, null, null);
	}

}
