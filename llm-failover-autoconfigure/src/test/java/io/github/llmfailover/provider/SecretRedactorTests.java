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
		return redactor("https://x", apiKey, headers);
	}

	private SecretRedactor redactor(String baseUrl, String apiKey, Map<String, String> headers) {
		return SecretRedactor.of(new ProviderSettings("p", "openai", URI.create(baseUrl), apiKey, "m", headers, null));
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

	@Test
	void masksTheUserInfoOfAnyUrl() {
		assertThat(SecretRedactor.maskUserInfo("https://bob:s3cret@llm.example.com:8443/v1?q=a@b"))
			.isEqualTo("https://******@llm.example.com:8443/v1?q=a@b");
		assertThat(SecretRedactor.maskUserInfo("failed: POST http://token@10.0.0.1/v1 and https://a:b@c/d"))
			.isEqualTo("failed: POST http://******@10.0.0.1/v1 and https://******@c/d");
		assertThat(SecretRedactor.maskUserInfo("http://u:p@ss@host/x")).isEqualTo("http://******@host/x");
		assertThat(SecretRedactor.maskUserInfo("https://api.openai.com/v1 mail me@example.com"))
			.isEqualTo("https://api.openai.com/v1 mail me@example.com");
	}

	@Test
	void masksTheBaseUrlsCredentialsWithOrWithoutTheUrl() {
		SecretRedactor redactor = redactor("https://bob:pa%40ss-77@proxy.example.com/v1", null, Map.of());
		assertThat(redactor.redact("500 from POST https://bob:pa%40ss-77@proxy.example.com/v1/chat/completions"))
			.isEqualTo("500 from POST https://******@proxy.example.com/v1/chat/completions");
		assertThat(redactor.redact("basic auth bob:pa%40ss-77 or bob:pa@ss-77 refused"))
			.isEqualTo("basic auth ****** or ****** refused");
	}

}
