package io.github.llmfailover.chat;

import java.time.Duration;
import java.util.List;

/**
 * Every attempt a request was allowed failed, or the providers that could still serve it
 * left rotation while it was failing over.
 */
public class AllProvidersFailedException extends LlmFailoverException {

	private final Duration retryAfter;

	public AllProvidersFailedException(List<Attempt> attempts, Duration retryAfter) {
		super("All providers failed (" + attempts.size() + (attempts.size() == 1 ? " attempt" : " attempts") + "): "
				+ describe(attempts), attempts);
		this.retryAfter = retryAfter;
	}

	/**
	 * How long until a provider is expected back in rotation: zero when one already is.
	 * @return the wait, never negative
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
