package io.github.llmfailover.chat;

import java.time.Duration;
import java.util.List;

/**
 * The request's deadline ({@code llm.failover.timeout}) passed before any provider
 * answered.
 */
public class FailoverTimeoutException extends LlmFailoverException {

	private final Duration timeout;

	public FailoverTimeoutException(Duration timeout, List<Attempt> attempts) {
		super("No provider answered within the " + timeout.toMillis() + " ms deadline"
				+ (attempts.isEmpty() ? "" : ": " + describe(attempts)), attempts);
		this.timeout = timeout;
	}

	/**
	 * The deadline that passed.
	 * @return the request timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

}
