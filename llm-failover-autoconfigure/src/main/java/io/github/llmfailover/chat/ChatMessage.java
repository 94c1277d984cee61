package io.github.llmfailover.chat;

import java.util.Locale;
import java.util.Objects;

/**
 * One message of a conversation.
 *
 * @param role who speaks
 * @param content what is said
 */
public record ChatMessage(Role role, String content) {

	public ChatMessage {
		Objects.requireNonNull(role, "role must not be null");
		if (content == null || content.isEmpty()) {
			throw new IllegalArgumentException(
					"The content of a " + role.name().toLowerCase(Locale.ROOT) + " message must not be empty");
		}
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
		ASSISTANT

	}

}
