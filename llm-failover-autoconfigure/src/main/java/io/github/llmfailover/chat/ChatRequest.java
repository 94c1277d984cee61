package io.github.llmfailover.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.github.llmfailover.chat.ChatMessage.Role;

/**
 * A provider-neutral chat request: the conversation and the generation options.
 * Immutable; build one with {@link #of(String)} or {@link #builder()}.
 */
public final class ChatRequest {

	private final List<ChatMessage> messages;

	private final @Nullable Integer maxTokens;

	private final @Nullable Double temperature;

	private ChatRequest(List<ChatMessage> messages, @Nullable Integer maxTokens, @Nullable Double temperature) {
		this.messages = List.copyOf(messages);
		this.maxTokens = maxTokens;
		this.temperature = temperature;
	}

	/**
	 * A request holding a single user message.
	 * @param userPrompt the user's message
	 * @return the request
	 */
	public static ChatRequest of(String userPrompt) {
		return builder().user(userPrompt).build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The conversation in order, system messages included.
	 * @return the messages
	 */
	public List<ChatMessage> messages() {
		return this.messages;
	}

	/**
	 * The system messages joined by blank lines, for providers that take the system
	 * prompt apart from the conversation.
	 * @return the system prompt, or {@code null} when there is none
	 */
	public @Nullable String systemPrompt() {
		String joined = this.messages.stream()
			.filter((message) -> message.role() == Role.SYSTEM)
			.map(ChatMessage::content)
			.collect(Collectors.joining("\n\n"));
		return joined.isEmpty() ? null : joined;
	}

	/**
	 * The most tokens to generate, or {@code null} for the provider's default.
	 * @return the limit
	 */
	public @Nullable Integer maxTokens() {
		return this.maxTokens;
	}

	/**
	 * The sampling temperature (0 to 2), or {@code null} for the provider's default.
	 * @return the temperature
	 */
	public @Nullable Double temperature() {
		return this.temperature;
	}

	@Override
	public String toString() {
		// Prompts may hold personal data: never print their text.
		return "ChatRequest{messages=" + this.messages.size() + ", maxTokens=" + this.maxTokens + ", temperature="
				+ this.temperature + "}";
	}

	/**
	 * Builds a {@link ChatRequest}; messages keep the order they are added in.
	 */
	public static final class Builder {

		private final List<ChatMessage> messages = new ArrayList<>();

		private @Nullable Integer maxTokens;

		private @Nullable Double temperature;

		private Builder() {
		}

		public Builder system(String content) {
			return message(Role.SYSTEM, content);
		}

		public Builder user(String content) {
			return message(Role.USER, content);
		}

		public Builder assistant(String content) {
			return message(Role.ASSISTANT, content);
		}

		public Builder message(Role role, String content) {
			this.messages.add(new ChatMessage(role, content));
			return this;
		}

		public Builder maxTokens(int maxTokens) {
			if (maxTokens < 1) {
				throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
			}
			this.maxTokens = maxTokens;
			return this;
		}

		public Builder temperature(double temperature) {
			if (!(temperature >= 0 && temperature <= 2)) {
				throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
			}
			this.temperature = temperature;
			return this;
		}

		/**
		 * Build the request.
		 * @return the request
		 * @throws IllegalArgumentException when the conversation has no user or assistant
		 * message
		 */
		public ChatRequest build() {
			if (this.messages.stream().allMatch((message) -> message.role() == Role.SYSTEM)) {
				throw new IllegalArgumentException("A chat request needs at least one user message");
			}
			return new ChatRequest(this.messages, this.maxTokens, this.temperature);
		}

	}

}
