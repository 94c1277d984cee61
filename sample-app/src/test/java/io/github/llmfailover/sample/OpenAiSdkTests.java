package io.github.llmfailover.sample;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the tests that call the gateway with the official OpenAI Java SDK, pointed at
 * the app, without retries of its own.
 */
// Run by their own Surefire execution, on the SDKs' JSON Schema generator (see the pom).
@Tag("official-sdk")
abstract class OpenAiSdkTests extends DemoAppTests {

	@LocalServerPort
	private int port;

	protected OpenAIClient client;

	@BeforeEach
	void connect() {
		this.client = OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port + "/v1")
			.apiKey(apiKey())
			.maxRetries(0)
			.build();
	}

	/**
	 * The key the SDK sends.
	 * @return a key the app accepts in the test's profiles
	 */
	protected String apiKey() {
		return "not-needed-by-the-demo-gateway";
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

}
