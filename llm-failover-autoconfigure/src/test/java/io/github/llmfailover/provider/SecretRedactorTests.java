package io.github.llmfailover.provider;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretRedactor}.
 */
class SecretRedactorTests {

	private SecretRedactor redactor(String apiKey, Map<String, String> headers) {
		return SecretRedactor
			.of(new ProviderSettings("p", "openai", URI.create("https://x"), apiKey, "m", headers, null));
	}

	@Test
	void masksTheKeyEverywhereInTheText() {
		assertThat(redactor("sk-abc123", Map.of()).redact("key sk-abc123 and again sk-abc123"))
			.isEqualTo("key ****** and again ******");
	}

	@Test
	void masksCredentialLikeHeadersButNotOthers() {
		SecretRedactor redactor = redactor(null,
				Map.of("X-Auth-Token", "tok-999999", "OpenAI-Organization", "org-public"));
		assertThat(redactor.redact("tok-999999 org-public")).isEqualTo("****** org-public");
	}

	@Test
	void leavesTextAloneWithoutSecretsAndToleratesNull() {
		assertThat(redactor(null, Map.of()).redact("nothing to hide")).isEqualTo("nothing to hide");
		assertThat(redactor("sk-abc123", Map.of()).redact(null)).isEmpty();
		assertThat(redactor("abc", Map.of()).redact("abc is too short to be a key")).contains("abc");
	}

}
