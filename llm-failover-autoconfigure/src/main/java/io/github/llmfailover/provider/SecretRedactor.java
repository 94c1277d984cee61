package io.github.llmfailover.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Removes a provider's secrets (its API key and the values of credential-like extra
 * headers) from text that is about to reach a log, an exception message or an endpoint,
 * in case the provider or the HTTP client echoed them.
 */
public final class SecretRedactor {

	static final String MASK = "******";

	private static final int SHORTEST_SECRET = 4;

	private final List<String> secrets;

	private SecretRedactor(List<String> secrets) {
		this.secrets = secrets;
	}

	/**
	 * The redactor of one provider's secrets.
	 * @param settings the provider's settings
	 * @return the redactor
	 */
	public static SecretRedactor of(ProviderSettings settings) {
		List<String> secrets = new ArrayList<>();
		add(secrets, settings.apiKey());
		for (Map.Entry<String, String> header : settings.headers().entrySet()) {
			if (isCredentialHeader(header.getKey())) {
				add(secrets, header.getValue());
			}
		}
		return new SecretRedactor(List.copyOf(secrets));
	}

	private static void add(List<String> secrets, @Nullable String secret) {
		if (secret != null && secret.length() >= SHORTEST_SECRET) {
			secrets.add(secret);
		}
	}

	private static boolean isCredentialHeader(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return lower.contains("auth") || lower.contains("key") || lower.contains("token") || lower.contains("secret");
	}

	/**
	 * Mask every secret in the text.
	 * @param text the text
	 * @return the text without secrets
	 */
	public String redact(@Nullable String text) {
		if (text == null) {
			return "";
		}
		String result = text;
		for (String secret : this.secrets) {
			if (result.contains(secret)) {
				result = result.replace(secret, MASK);
			}
		}
		return result;
	}

}
