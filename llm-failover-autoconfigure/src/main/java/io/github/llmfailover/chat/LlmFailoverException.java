package io.github.llmfailover.chat;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Base of the exceptions a {@link FailoverChatClient} raises. Messages never contain API
 * keys or prompt text.
 */
public abstract class LlmFailoverException extends RuntimeException {

	private final List<Attempt> attempts;

	protected LlmFailoverException(String message, List<Attempt> attempts) {
		this(message, attempts, null);
	}

	protected LlmFailoverException(String message, List<Attempt> attempts, @Nullable Throwable cause) {
		super(message, cause);
		this.attempts = List.copyOf(attempts);
	}

	/**
	 * What went wrong, for people: never {@code null}, never an API key or prompt text.
	 * @return the message
	 */
	@Override
	public String getMessage() {
		return Objects.requireNonNull(super.getMessage());
	}

	/**
	 * The attempts made for the request before it failed, in order.
	 * @return the attempts, possibly empty
	 */
	public List<Attempt> attempts() {
		return this.attempts;
	}

	static String describe(List<Attempt> attempts) {
		StringBuilder text = new StringBuilder();
		for (Attempt attempt : attempts) {
			text.append(text.isEmpty() ? "" : "; ").append(attempt);
		}
		return text.toString();
	}

}
