package io.github.llmfailover.springai;

import java.net.URL;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

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
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.util.StringUtils;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ContentPart;
import io.github.llmfailover.chat.ResponseFormat;
import io.github.llmfailover.chat.Tool;
import io.github.llmfailover.chat.ToolCall;

/**
 * Turns a Spring AI {@link Prompt} into the failover client's {@link ChatRequest}: every
 * message (system, user with images, assistant with tool calls, tool responses), the
 * portable options, the tool definitions and the structured-output schema. What has no
 * counterpart is refused with an {@link IllegalArgumentException} naming it, never
 * dropped in silence.
 */
final class PromptConverter {

	/** The name given to a structured-output schema (OpenAI requires one). */
	static final String SCHEMA_NAME = "output";

	private PromptConverter() {
	}

	static ChatRequest toRequest(Prompt prompt, ChatOptions defaults) {
		ChatRequest.Builder request = ChatRequest.builder();
		for (Message message : prompt.getInstructions()) {
			addMessage(request, message);
		}
		ChatOptions options = (prompt.getOptions() != null) ? prompt.getOptions() : defaults;
		applyOptions(request, options);
		return request.build();
	}

	private static void addMessage(ChatRequest.Builder request, Message message) {
		if (message instanceof SystemMessage system) {
			request.system(text(system.getText()));
		}
		else if (message instanceof UserMessage user) {
			addUser(request, user);
		}
		else if (message instanceof AssistantMessage assistant) {
			List<ToolCall> calls = assistant.getToolCalls()
				.stream()
				.map((call) -> new ToolCall(call.id(), call.name(), call.arguments()))
				.toList();
			String text = text(assistant.getText());
			if (!calls.isEmpty()) {
				request.assistant(text, calls);
			}
			else if (!text.isEmpty()) {
				// An empty assistant turn (a memory may hold one) says nothing.
				request.assistant(text);
			}
		}
		else if (message instanceof ToolResponseMessage tools) {
			tools.getResponses().forEach((response) -> request.toolResult(response.id(), response.responseData()));
		}
		else {
			throw new IllegalArgumentException("Message type " + message.getMessageType() + " ("
					+ message.getClass().getName() + ") is not supported by failoverChatModel");
		}
	}

	private static void addUser(ChatRequest.Builder request, UserMessage user) {
		if (user.getMedia().isEmpty()) {
			request.user(text(user.getText()));
			return;
		}
		List<ContentPart> parts = new ArrayList<>();
		if (StringUtils.hasLength(user.getText())) {
			parts.add(ContentPart.text(text(user.getText())));
		}
		user.getMedia().forEach((media) -> parts.add(image(media)));
		request.user(parts.toArray(ContentPart[]::new));
	}

	private static ContentPart image(Media media) {
		String mediaType = media.getMimeType().getType() + "/" + media.getMimeType().getSubtype();
		if (!"image".equals(media.getMimeType().getType().toLowerCase(Locale.ROOT))) {
			throw new IllegalArgumentException("failoverChatModel takes images, not " + mediaType
					+ " media: not every provider of the failover accepts it");
		}
		Object data = media.getData();
		if (data instanceof byte[] bytes) {
			return ContentPart.imageData(mediaType, Base64.getEncoder().encodeToString(bytes));
		}
		if (data instanceof URL url) {
			return ContentPart.imageUrl(url.toString());
		}
		String text = data.toString();
		boolean url = text.regionMatches(true, 0, "http://", 0, 7) || text.regionMatches(true, 0, "https://", 0, 8)
				|| text.regionMatches(true, 0, "data:", 0, 5);
		// Spring AI holds an image's bytes as base64 text too.
		return url ? ContentPart.imageUrl(text) : ContentPart.imageData(mediaType, text);
	}

	private static void applyOptions(ChatRequest.Builder request, ChatOptions options) {
		if (options.getModel() != null) {
			// The model of each provider is its own; what a caller names is a model
			// group.
			request.group(options.getModel());
		}
		refuse("topK", options.getTopK(), "not every provider has it");
		refuse("frequencyPenalty", options.getFrequencyPenalty(), "not every provider has it");
		refuse("presencePenalty", options.getPresencePenalty(), "not every provider has it");
		if (options.getMaxTokens() != null) {
			request.maxTokens(options.getMaxTokens());
		}
		if (options.getTemperature() != null) {
			request.temperature(options.getTemperature());
		}
		if (options.getTopP() != null) {
			request.topP(options.getTopP());
		}
		if (options.getStopSequences() != null && !options.getStopSequences().isEmpty()) {
			request.stop(options.getStopSequences().toArray(String[]::new));
		}
		if (options instanceof ToolCallingChatOptions tooling && tooling.getToolCallbacks() != null) {
			request.tools(tooling.getToolCallbacks().stream().map(PromptConverter::tool).toList());
		}
		if (options instanceof StructuredOutputChatOptions structured
				&& StringUtils.hasText(structured.getOutputSchema())) {
			request.responseFormat(ResponseFormat.jsonSchema(SCHEMA_NAME, structured.getOutputSchema(), false));
		}
	}

	private static Tool tool(ToolCallback callback) {
		ToolDefinition definition = callback.getToolDefinition();
		return Tool.of(definition.name(), definition.description(), definition.inputSchema());
	}

	private static void refuse(String option, @Nullable Object value, String reason) {
		if (value != null) {
			throw new IllegalArgumentException(
					"ChatOptions." + option + " (" + value + ") is not supported by failoverChatModel: " + reason);
		}
	}

	private static String text(@Nullable String text) {
		return (text != null) ? text : "";
	}

}
