package io.github.llmfailover.routing;

import java.net.URI;
import java.util.Map;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.provider.ProviderClient;
import io.github.llmfailover.provider.ProviderClientFactory;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.anthropic.AnthropicProviderClient;
import io.github.llmfailover.provider.ollama.OllamaProviderClient;
import io.github.llmfailover.provider.openai.OpenAiProviderClient;

/**
 * Three providers of the three wire formats, each a real HTTP server on 127.0.0.1
 * (MockWebServer) that records what it was sent: {@code openai} first, then
 * {@code anthropic}, then {@code ollama}, each in a tier of its own, so that a request
 * reaches the next format when the one before fails.
 */
abstract class WireFormatRoutingSupport {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String OPENAI_SERVER_ERROR = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}";

	static final String ANTHROPIC_OVERLOADED = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
			+ "\"message\":\"Overloaded\"}}";

	final MockWebServer openAi = new MockWebServer();

	final MockWebServer anthropic = new MockWebServer();

	final MockWebServer ollama = new MockWebServer();

	@BeforeEach
	void startServers() throws Exception {
		this.openAi.start();
		this.anthropic.start();
		this.ollama.start();
	}

	@AfterEach
	void stopServers() throws Exception {
		this.openAi.close();
		this.anthropic.close();
		this.ollama.close();
	}

	FailoverHarness harness() {
		return new FailoverHarness()
			.provider("openai", "http://unused", 0, 1,
					(s) -> client(OpenAiProviderClient.factory(), "openai", this.openAi.url("/v1").toString()))
			.provider("anthropic", "http://unused", 1, 1,
					(s) -> client(AnthropicProviderClient.factory(), "anthropic", this.anthropic.url("/").toString()))
			.provider("ollama", "http://unused", 2, 1,
					(s) -> client(OllamaProviderClient.factory(), "ollama", this.ollama.url("/").toString()));
	}

	private static ProviderClient client(ProviderClientFactory factory, String name, String url) {
		return factory.create(
				new ProviderSettings(name, factory.type(), URI.create(url), "sk-" + name, "m-" + name, Map.of(), null),
				WebClient.builder());
	}

	static void answer(MockWebServer server, int status, String body) {
		server.enqueue(new MockResponse.Builder().code(status)
			.addHeader("Content-Type", "application/json")
			.body(body)
			.build());
	}

	static void answerStream(MockWebServer server, String contentType, String body) {
		server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", contentType).body(body).build());
	}

	/** The body of the next request the server received, as JSON. */
	static JsonNode sentBody(MockWebServer server) throws InterruptedException {
		RecordedRequest request = server.takeRequest();
		return JSON.readTree(request.getBody().utf8());
	}

}
