package io.github.llmfailover.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Removes a provider's secrets (its API key, the values of credential-like extra headers
 * and the user-info of its base URL) from text that is about to reach a log, an exception
 * message or an endpoint, in case the provider or the HTTP client echoed them. Other
 * packages reach it through {@link ProviderSettings}.
 */
final class SecretRedactor {

	private static final int SHORTEST_SECRET = 4;

	/**
	 * The user-info of any URL in a text ({@code https://user:secret@host}): everything
	 * between the scheme and the last {@code @} before the host ends.
	 */
	private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^\\s/?#]*@");

	private final List<String> secrets;

	private SecretRedactor(List<String> secrets) {
		this.secrets = secrets;
	}

	/**
	 * The redactor of one provider's secrets.
	 * @param settings the provider's settings
	 * @return the redactor
	 */
	static SecretRedactor of(ProviderSettings settings) {
		List<String> secrets = new ArrayList<>();
		add(secrets, settings.apiKey());
		// Also without its scheme, should a client quote it as "user:secret" alone.
		add(secrets, settings.baseUrl().getRawUserInfo());
		add(secrets, settings.baseUrl().getUserInfo());
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
	 * Mask the user-info of every URL in a text, which may hold credentials
	 * ({@code https://user:secret@host} becomes {@code https://******@host}).
	 * @param text the text, a URL or a message quoting URLs
	 * @return the text without user-info
	 */
	static String maskUserInfo(String text) {
		return text.contains("@")
				? URL_USER_INFO.matcher(text).replaceAll(Matcher.quoteReplacement(ProviderSettings.SECRET_MASK + "@"))
				: text;
	}

	/**
	 * Mask every secret in the text, and the user-info of any URL in it.
	 * @param text the text
	 * @return the text without secrets
	 */
	String redact(@Nullable String text) {
		if (text == null) {
			return "";
		}
		String result = maskUserInfo(text);
		for (String secret : this.secrets) {
			if (result.contains(secret)) {
				result = result.replace(secret, ProviderSettings.SECRET_MASK);
			}
		}
		return result;
	}

}
