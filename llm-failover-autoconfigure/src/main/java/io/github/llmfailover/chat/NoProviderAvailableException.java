package io.github.llmfailover.chat;

import java.time.Duration;
import java.util.List;

/**
 * No provider was in rotation for a request: every one is disabled, has weight 0, has an
 * open circuit or is cooling down after a {@code Retry-After}. Raised at once, without
 * waiting.
 */
public class NoProviderAvailableException extends LlmFailoverException {

	private final Duration retryAfter;

	public NoProviderAvailableException(String reasons, Duration retryAfter, List<Attempt> attempts) {
		super("No LLM provider is available (" + reasons + "); the earliest is back in "
				+ Math.max(1, retryAfter.toSeconds()) + "s", attempts);
		this.retryAfter = retryAfter;
	}

	/**
	 * How long until the earliest provider comes back into rotation by itself.
	 * @return the wait, at least one second
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
