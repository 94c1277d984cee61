package io.github.llmfailover.sample;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.llmfailover.sample.demo.SimulatedProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway request that no configured provider can serve gets a 400 in OpenAI's shape,
 * code {@code unsupported_by_providers}, naming what was asked and what each provider
 * lacks, and nothing is sent upstream. Here the demo's OpenAI and Anthropic providers are
 * declared without forced tool choice and image URLs, which its Ollama provider lacks by
 * default.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.failover.providers.openai.capabilities.forced-tool-choice=false",
				"llm.failover.providers.openai.capabilities.image-urls=false",
				"llm.failover.providers.anthropic.capabilities.forced-tool-choice=false",
				"llm.failover.providers.anthropic.capabilities.image-urls=false" })
@AutoConfigureWebTestClient
class GatewayUnsupportedRequestTests extends DemoAppTests {

	private static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
			+ "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}";

	private static final String FORCED_TOOL = "{\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
			+ "\"tools\":[" + TOOL + "],\"tool_choice\":\"required\"%s}";

	@Autowired
	private WebTestClient client;

	@Test
	void aForcedToolChoiceNoProviderCanHonourIs400NamingWhatEachLacks() {
		assertNothingSentUpstream(() -> refused(FORCED_TOOL.formatted(""),
				(message) -> assertThat(message)
					.startsWith("No LLM provider can serve this request: it needs tools, forced-tool-choice (")
					.contains("openai lacks forced-tool-choice", "anthropic lacks forced-tool-choice",
							"local lacks forced-tool-choice")
					.contains("llm.failover.providers.<name>.capabilities")));
	}

	@Test
	void aStreamedRequestIsRefusedTheSameWayBeforeAnyEvent() {
		assertNothingSentUpstream(() -> refused(FORCED_TOOL.formatted(",\"stream\":true"),
				(message) -> assertThat(message).contains("it needs tools, forced-tool-choice")));
	}

	@Test
	void anImageByUrlNoProviderCanFetchIs400NamingImageUrls() {
		assertNothingSentUpstream(() -> refused(
				"{\"messages\":[{\"role\":\"user\",\"content\":[" + "{\"type\":\"text\",\"text\":\"What is this?\"},"
						+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}",
				(message) -> assertThat(message).contains("it needs images, image-urls (")
					.contains("openai lacks image-urls", "anthropic lacks image-urls", "local lacks image-urls")));
	}

	@Test
	void whatSomeProviderCanServeIsServed() {
		client().post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(FORCED_TOOL.formatted("").replace("\"required\"", "\"auto\""))
			.exchange()
			.expectStatus()
			.isOk();
		client().post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
					+ "\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}")
			.exchange()
			.expectStatus()
			.isOk();
	}

	/** A first request to a fresh context may be slow on a busy machine. */
	private WebTestClient client() {
		return this.client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	private void refused(String body, Consumer<String> message) {
		client().post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectHeader()
			.valueEquals("X-Provider", "none")
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("invalid_request_error")
			.jsonPath("$.error.code")
			.isEqualTo("unsupported_by_providers")
			.jsonPath("$.error.param")
			.isEmpty()
			.jsonPath("$.error.message")
			.value(message::accept);
	}

	private void assertNothingSentUpstream(Runnable requests) {
		Map<String, Long> before = sentUpstream();
		requests.run();
		assertThat(sentUpstream()).isEqualTo(before);
	}

	private Map<String, Long> sentUpstream() {
		return Map.of("openai", requestsOf("openai"), "anthropic", requestsOf("anthropic"), "local",
				requestsOf("local"));
	}

	private long requestsOf(String name) {
		return this.simulators.find(name).map(SimulatedProvider::requests).orElseThrow();
	}

}
