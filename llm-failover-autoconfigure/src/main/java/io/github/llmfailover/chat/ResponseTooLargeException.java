package io.github.llmfailover.chat;

import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * A provider's answer was larger than its configured limit
 * ({@code llm.failover.providers.<name>.max-response-size}, by default
 * {@code llm.failover.max-response-size}). The limit is this application's choice, not a
 * fault of the provider, and any other provider would answer at similar length: there is
 * no failover, no retry, and the provider's circuit is not charged.
 */
public class ResponseTooLargeException extends LlmFailoverException {

	private final String provider;

	private final DataSize limit;

	public ResponseTooLargeException(String provider, DataSize limit, List<Attempt> attempts) {
		super("The answer of provider '" + provider + "' is larger than its limit of " + describe(limit) + "; raise "
				+ property(provider) + " (or llm.failover.max-response-size for every provider), or ask for a "
				+ "shorter answer", attempts);
		this.provider = provider;
		this.limit = limit;
	}

	/**
	 * The name of the provider whose answer was too large.
	 * @return the provider's name
	 */
	public String provider() {
		return this.provider;
	}

	/**
	 * The limit the answer went over.
	 * @return the provider's {@code max-response-size}
	 */
	public DataSize limit() {
		return this.limit;
	}

	/**
	 * The property that sets the limit for this provider.
	 * @return {@code llm.failover.providers.<name>.max-response-size}
	 */
	public String property() {
		return property(this.provider);
	}

	private static String property(String provider) {
		return "llm.failover.providers." + provider + ".max-response-size";
	}

	/** The size as configured: {@code 16MB} rather than {@code 16777216B}. */
	static String describe(DataSize size) {
		long bytes = size.toBytes();
		if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
			return size.toMegabytes() + "MB";
		}
		if (bytes >= 1024 && bytes % 1024 == 0) {
			return size.toKilobytes() + "KB";
		}
		return bytes + "B";
	}

}
