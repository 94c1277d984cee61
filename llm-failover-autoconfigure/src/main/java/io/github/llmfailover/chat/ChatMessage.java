package io.github.llmfailover.chat;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation.
 *
 * <p>
 * Most messages are text. A user message may hold images ({@link #parts()}); an assistant
 * message may carry the tool calls the model made ({@link #toolCalls()}); a
 * {@link Role#TOOL} message is the result of one call ({@link #toolCallId()}), possibly
 * one that failed ({@link #toolError()}).
 *
 * @param role who speaks
 * @param content what is said: the text, or for a message with parts its text parts
 * joined by new lines
 * @param parts the text and image parts of a user message in order, empty for a text
 * message
 * @param toolCalls the tool calls of an assistant message, else empty
 * @param toolCallId the id of the call a {@link Role#TOOL} message answers, else
 * {@code null}
 * @param toolError whether a {@link Role#TOOL} message reports that the call failed (its
 * content then says how); always {@code false} for other messages
 */
public record ChatMessage(Role role, String content, List<ContentPart> parts, List<ToolCall> toolCalls,
		@Nullable String toolCallId, boolean toolError) {

	public ChatMessage {
		Objects.requireNonNull(role, "role must not be null");
		Objects.requireNonNull(content, "content must not be null");
		parts = List.copyOf(parts);
		toolCalls = List.copyOf(toolCalls);
		if (!parts.isEmpty() && role != Role.USER) {
			throw new IllegalArgumentException("Only user messages have content parts");
		}
		if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
			throw new IllegalArgumentException("Only assistant messages carry tool calls");
		}
		if ((role == Role.TOOL) != (toolCallId != null)) {
			throw new IllegalArgumentException("A tool message, and only a tool message, answers a tool call id");
		}
		if (toolError && role != Role.TOOL) {
			throw new IllegalArgumentException("Only a tool message reports a failed tool call");
		}
		if (content.isEmpty() && parts.isEmpty() && toolCalls.isEmpty() && role != Role.TOOL) {
			throw new IllegalArgumentException(
					"The content of a " + role.name().toLowerCase(Locale.ROOT) + " message must not be empty");
		}
	}

	/**
	 * A message that reports no failed tool call.
	 * @param role who speaks
	 * @param content what is said
	 * @param parts the text and image parts of a user message, else empty
	 * @param toolCalls the tool calls of an assistant message, else empty
	 * @param toolCallId the id of the call a {@link Role#TOOL} message answers, else
	 * {@code null}
	 */
	public ChatMessage(Role role, String content, List<ContentPart> parts, List<ToolCall> toolCalls,
			@Nullable String toolCallId) {
		this(role, content, parts, toolCalls, toolCallId, false);
	}

	/**
	 * A text message.
	 * @param role who speaks
	 * @param content the text, not empty
	 */
	public ChatMessage(Role role, String content) {
		this(role, content, List.of(), List.of(), null);
	}

	/**
	 * A user message of text and image parts.
	 * @param parts the parts in order
	 * @return the message
	 */
	public static ChatMessage user(List<ContentPart> parts) {
		if (parts.isEmpty()) {
			throw new IllegalArgumentException("A user message needs at least one part");
		}
		StringBuilder text = new StringBuilder();
		for (ContentPart part : parts) {
			if (part instanceof ContentPart.Text textPart) {
				text.append(text.isEmpty() ? "" : "\n").append(textPart.text());
			}
		}
		return new ChatMessage(Role.USER, text.toString(), parts, List.of(), null);
	}

	/**
	 * An assistant message with tool calls.
	 * @param text what the model said besides the calls, possibly empty
	 * @param toolCalls the calls
	 * @return the message
	 */
	public static ChatMessage assistant(@Nullable String text, List<ToolCall> toolCalls) {
		return new ChatMessage(Role.ASSISTANT, (text != null) ? text : "", List.of(), toolCalls, null);
	}

	/**
	 * The result of a tool call.
	 * @param toolCallId the id of the call
	 * @param content the result, usually JSON or text
	 * @return the message
	 */
	public static ChatMessage toolResult(String toolCallId, String content) {
		Objects.requireNonNull(toolCallId, "toolCallId must not be null");
		return new ChatMessage(Role.TOOL, content, List.of(), List.of(), toolCallId, false);
	}

	/**
	 * The result of a tool call that failed. Anthropic is told so
	 * ({@code tool_result.is_error}); OpenAI and Ollama have no such flag and get the
	 * content alone, so let it say what went wrong.
	 * @param toolCallId the id of the call
	 * @param content what went wrong
	 * @return the message
	 */
	public static ChatMessage toolError(String toolCallId, String content) {
		Objects.requireNonNull(toolCallId, "toolCallId must not be null");
		return new ChatMessage(Role.TOOL, content, List.of(), List.of(), toolCallId, true);
	}

	@Override
	public String toString() {
		// Prompts may hold personal data: never print their text.
		return "ChatMessage{role=" + this.role + ", parts=" + this.parts.size() + ", toolCalls=" + this.toolCalls.size()
				+ (this.toolError ? ", toolError" : "") + "}";
	}

	/**
	 * Who speaks in a {@link ChatMessage}.
	 */
	public enum Role {

		/** Instructions that frame the conversation. */
		SYSTEM,

		/** The user's turn. */
		USER,

		/** The model's earlier turn. */
		ASSISTANT,

		/** The result of a tool call the model made. */
		TOOL;

		/**
		 * The role as OpenAI and Ollama name it.
		 * @return the lower-case name
		 */
		public String wireName() {
			return switch (this) {
				case SYSTEM -> "system";
				case USER -> "user";
				case ASSISTANT -> "assistant";
				case TOOL -> "tool";
			};
		}

	}

}
