package io.github.llmfailover.chat;

import java.util.List;

/**
 * A provider rejected the request itself (HTTP 400, 413 or 422): another provider would
 * reject it too, so there is no failover and the provider's circuit is not charged.
 */
public class ProviderRequestException extends LlmFailoverException {

	private final String provider;

	private final int status;

	private final String providerMessage;

	public ProviderRequestException(String provider, int status, String providerMessage, List<Attempt> attempts) {
		super("Provider '" + provider + "' rejected the request (HTTP " + status + "): " + providerMessage, attempts);
		this.provider = provider;
		this.status = status;
		this.providerMessage = providerMessage;
	}

	/**
	 * The name of the provider that rejected the request.
	 * @return the provider's name
	 */
	public String provider() {
		return this.provider;
	}

	/**
	 * The HTTP status the provider answered with.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * What the provider said was wrong, taken from its error body.
	 * @return the provider's message
	 */
	public String providerMessage() {
		return this.providerMessage;
	}

}
