package io.github.llmfailover.chat;

import java.util.List;

/**
 * A stream broke after its first content token. The text already delivered belongs to the
 * caller, so there is no failover: the stream ends with this error, which names the
 * provider and how much had arrived.
 */
public class StreamInterruptedException extends LlmFailoverException {

	private final String provider;

	private final int chunksReceived;

	public StreamInterruptedException(String provider, int chunksReceived, int charactersReceived, String reason,
			List<Attempt> attempts, Throwable cause) {
		super("Stream from provider '" + provider + "' broke after " + chunksReceived + " chunks (" + charactersReceived
				+ " characters): " + reason, attempts, cause);
		this.provider = provider;
		this.chunksReceived = chunksReceived;
	}

	/**
	 * The provider whose stream broke.
	 * @return the provider's name
	 */
	public String provider() {
		return this.provider;
	}

	/**
	 * How many chunks with text had arrived before the break.
	 * @return the count
	 */
	public int chunksReceived() {
		return this.chunksReceived;
	}

}
