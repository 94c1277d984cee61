package io.github.llmfailover.provider;

import java.net.URI;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link ProviderClient} needs to know about its provider.
 *
 * @param name the provider's name in the configuration
 * @param type the wire format
 * @param baseUrl the API root; its user-info, if any, is a secret
 * @param apiKey the API key, or {@code null} when the provider needs none
 * @param model the model to ask for
 * @param headers extra request headers
 * @param defaultMaxTokens the token limit for requests that set none, or {@code null}
 */
public record ProviderSettings(String name, String type, URI baseUrl, @Nullable String apiKey, String model,
		Map<String, String> headers, @Nullable Integer defaultMaxTokens) {

	public ProviderSettings {
		headers = Map.copyOf(headers);
	}

	/**
	 * Resolve a path against the base URL, whether or not the base URL ends in a slash.
	 * @param path the path, starting with a slash
	 * @return the absolute endpoint
	 */
	public URI endpoint(String path) {
		String base = this.baseUrl.toString();
		return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
	}

	@Override
	public String toString() {
		return "ProviderSettings{name=" + this.name + ", type=" + this.type + ", baseUrl="
				+ SecretRedactor.maskUserInfo(this.baseUrl.toString()) + ", model=" + this.model + ", apiKey="
				+ ((this.apiKey != null) ? "******" : "none") + "}";
	}

}
