package io.github.llmfailover.provider;

import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import io.github.llmfailover.chat.Capability;

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
 * @param maxResponseSize the most a client holds in memory of one answer: a whole answer,
 * or one frame of a stream (streams as a whole have no limit)
 * @param capabilities what the provider can do beyond text; routing sends it only
 * requests it can serve
 * @param structuredOutput how the provider is asked for an answer matching a JSON Schema
 */
public record ProviderSettings(String name, String type, URI baseUrl, @Nullable String apiKey, String model,
		Map<String, String> headers, @Nullable Integer defaultMaxTokens, DataSize maxResponseSize,
		Set<Capability> capabilities, StructuredOutputMethod structuredOutput) {

	/**
	 * The default {@link #maxResponseSize()}: over 20 times the longest answer current
	 * models give (128k output tokens, about 0.5 MB of text, 0.8 MB when JSON escapes
	 * it).
	 */
	public static final DataSize DEFAULT_MAX_RESPONSE_SIZE = DataSize.ofMegabytes(16);

	/** What stands in for a secret in text meant for people. */
	public static final String SECRET_MASK = "******";

	public ProviderSettings {
		headers = Map.copyOf(headers);
		if (maxResponseSize.toBytes() < 1 || maxResponseSize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"maxResponseSize must be between 1 byte and 2 GB, but is " + maxResponseSize);
		}
		capabilities = capabilities.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
	}

	/**
	 * Settings of a provider asked for structured output in its
	 * {@link StructuredOutputMethod#NATIVE native} way.
	 * @param name the provider's name in the configuration
	 * @param type the wire format
	 * @param baseUrl the API root; its user-info, if any, is a secret
	 * @param apiKey the API key, or {@code null} when the provider needs none
	 * @param model the model to ask for
	 * @param headers extra request headers
	 * @param defaultMaxTokens the token limit for requests that set none, or {@code null}
	 * @param maxResponseSize the most a client holds in memory of one answer
	 * @param capabilities what the provider can do beyond text
	 */
	public ProviderSettings(String name, String type, URI baseUrl, @Nullable String apiKey, String model,
			Map<String, String> headers, @Nullable Integer defaultMaxTokens, DataSize maxResponseSize,
			Set<Capability> capabilities) {
		this(name, type, baseUrl, apiKey, model, headers, defaultMaxTokens, maxResponseSize, capabilities,
				StructuredOutputMethod.NATIVE);
	}

	/**
	 * Settings of a provider assumed to serve every capability, as before capabilities
	 * were declared (configuration always states them).
	 * @param name the provider's name in the configuration
	 * @param type the wire format
	 * @param baseUrl the API root
	 * @param apiKey the API key, or {@code null} when the provider needs none
	 * @param model the model to ask for
	 * @param headers extra request headers
	 * @param defaultMaxTokens the token limit for requests that set none, or {@code null}
	 * @param maxResponseSize the most a client holds in memory of one answer
	 */
	public ProviderSettings(String name, String type, URI baseUrl, @Nullable String apiKey, String model,
			Map<String, String> headers, @Nullable Integer defaultMaxTokens, DataSize maxResponseSize) {
		this(name, type, baseUrl, apiKey, model, headers, defaultMaxTokens, maxResponseSize,
				EnumSet.allOf(Capability.class));
	}

	/**
	 * Settings with the {@link #DEFAULT_MAX_RESPONSE_SIZE default answer limit}, assumed
	 * to serve every capability.
	 * @param name the provider's name in the configuration
	 * @param type the wire format
	 * @param baseUrl the API root
	 * @param apiKey the API key, or {@code null} when the provider needs none
	 * @param model the model to ask for
	 * @param headers extra request headers
	 * @param defaultMaxTokens the token limit for requests that set none, or {@code null}
	 */
	public ProviderSettings(String name, String type, URI baseUrl, @Nullable String apiKey, String model,
			Map<String, String> headers, @Nullable Integer defaultMaxTokens) {
		this(name, type, baseUrl, apiKey, model, headers, defaultMaxTokens, DEFAULT_MAX_RESPONSE_SIZE);
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

	/**
	 * Mask this provider's secrets (its API key and the values of credential-like extra
	 * headers) in text about to reach a log, an exception message or an endpoint, in case
	 * the provider or the HTTP client echoed them.
	 * @param text the text, or {@code null}
	 * @return the text with every secret replaced by {@link #SECRET_MASK}; empty for
	 * {@code null}
	 */
	public String redact(@Nullable String text) {
		return SecretRedactor.of(this).redact(text);
	}

	/**
	 * Mask the user-info of every URL in a text, which may hold credentials
	 * ({@code https://user:secret@host} becomes {@code https://******@host}).
	 * @param text the text, a URL or a message quoting URLs
	 * @return the text without user-info
	 */
	public static String maskUserInfo(String text) {
		return SecretRedactor.maskUserInfo(text);
	}

	@Override
	public String toString() {
		return "ProviderSettings{name=" + this.name + ", type=" + this.type + ", baseUrl="
				+ maskUserInfo(this.baseUrl.toString()) + ", model=" + this.model + ", apiKey="
				+ ((this.apiKey != null) ? SECRET_MASK : "none") + "}";
	}

}
