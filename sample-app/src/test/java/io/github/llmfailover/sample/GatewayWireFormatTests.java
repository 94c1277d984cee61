package io.github.llmfailover.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway's APIs send upstream, read by providers on 127.0.0.1 that record each
 * request: images given to Chat Completions, Messages and Responses reach OpenAI,
 * Anthropic and Ollama providers in each one's wire format, and a Messages
 * {@code tool_result} marked {@code is_error} stays marked on its way to Anthropic. A
 * model group per provider lets {@code model} choose who receives the request.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("wire-formats")
class GatewayWireFormatTests {

	private static final String PNG = "iVBORw0KGgo=";

	private static final String DATA_URL = "data:image/png;base64," + PNG;

	private static final String URL = "https://example.com/cat.png";

	private static final RecordingUpstream openai = RecordingUpstream.openAi();

	private static final RecordingUpstream anthropic = RecordingUpstream.anthropic();

	private static final RecordingUpstream ollama = RecordingUpstream.ollama();

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		provider(registry, "openai", "openai", openai.rootUrl() + "/v1", "gpt-4o-mini");
		provider(registry, "anthropic", "anthropic", anthropic.rootUrl(), "claude-haiku-4-5");
		provider(registry, "local", "ollama", ollama.rootUrl(), "llama3.2");
		registry.add("gateway.allow-anonymous", () -> "true");
	}

	/** The provider, and a model group of it alone named {@code to-<name>}. */
	private static void provider(DynamicPropertyRegistry registry, String name, String type, String baseUrl,
			String model) {
		String prefix = "llm.failover.providers." + name;
		registry.add(prefix + ".type", () -> type);
		registry.add(prefix + ".base-url", () -> baseUrl);
		registry.add(prefix + ".model", () -> model);
		registry.add("llm.failover.groups.to-" + name + ".providers." + name + ".weight", () -> "1");
	}

	@AfterAll
	static void stopUpstreams() {
		openai.close();
		anthropic.close();
		ollama.close();
	}

	@BeforeEach
	void forgetEarlierRequests() {
		openai.clear();
		anthropic.clear();
		ollama.clear();
	}

	private void post(String path, String body) {
		this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.header("anthropic-version", "2023-06-01")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static String completion(String model, String imageUrls) {
		return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":["
				+ "{\"type\":\"text\",\"text\":\"What is this?\"}," + imageUrls + "]}]}";
	}

	private static String imageUrlPart(String url) {
		return "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}";
	}

	private static String message(String model) {
		return "{\"model\":\"" + model + "\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":["
				+ "{\"type\":\"text\",\"text\":\"What is this?\"},"
				+ "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + PNG
				+ "\"}}," + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"" + URL + "\"}}]}]}";
	}

	@Test
	void chatCompletionsImagesReachEachFormat() throws Exception {
		String both = imageUrlPart(URL) + "," + imageUrlPart(DATA_URL);
		post("/v1/chat/completions", completion("to-openai", both));
		JsonNode toOpenAi = openai.takeBody().path("messages").path(0).path("content");
		assertThat(toOpenAi.path(1).path("image_url").path("url").asString()).isEqualTo(URL);
		assertThat(toOpenAi.path(2).path("image_url").path("url").asString()).isEqualTo(DATA_URL);

		post("/v1/chat/completions", completion("to-anthropic", both));
		JsonNode toAnthropic = anthropic.takeBody().path("messages").path(0).path("content");
		assertThat(toAnthropic.path(1).path("source").path("type").asString()).isEqualTo("url");
		assertThat(toAnthropic.path(1).path("source").path("url").asString()).isEqualTo(URL);
		assertBase64Source(toAnthropic.path(2));

		post("/v1/chat/completions", completion("to-local", imageUrlPart(DATA_URL)));
		assertOllamaImage(ollama.takeBody());
	}

	@Test
	void messagesImagesReachEachFormat() throws Exception {
		post("/v1/messages", message("to-anthropic"));
		JsonNode toAnthropic = anthropic.takeBody().path("messages").path(0).path("content");
		assertThat(toAnthropic.path(0).path("text").asString()).isEqualTo("What is this?");
		assertBase64Source(toAnthropic.path(1));
		assertThat(toAnthropic.path(2).path("source").path("url").asString()).isEqualTo(URL);

		post("/v1/messages", message("to-openai"));
		JsonNode toOpenAi = openai.takeBody().path("messages").path(0).path("content");
		assertThat(toOpenAi.path(1).path("type").asString()).isEqualTo("image_url");
		assertThat(toOpenAi.path(1).path("image_url").path("url").asString()).isEqualTo(DATA_URL);
		assertThat(toOpenAi.path(2).path("image_url").path("url").asString()).isEqualTo(URL);
	}

	@Test
	void responsesImagesReachEachFormat() throws Exception {
		String input = "{\"model\":\"%s\",\"input\":[{\"role\":\"user\",\"content\":["
				+ "{\"type\":\"input_text\",\"text\":\"What is this?\"}," + "{\"type\":\"input_image\",\"image_url\":\""
				+ DATA_URL + "\"}]}]}";
		post("/v1/responses", input.formatted("to-local"));
		assertOllamaImage(ollama.takeBody());
		post("/v1/responses", input.formatted("to-anthropic"));
		assertBase64Source(anthropic.takeBody().path("messages").path(0).path("content").path(1));
		post("/v1/responses", input.formatted("to-openai"));
		assertThat(openai.takeBody()
			.path("messages")
			.path(0)
			.path("content")
			.path(1)
			.path("image_url")
			.path("url")
			.asString()).isEqualTo(DATA_URL);
	}

	@Test
	void aToolResultMarkedAsAnErrorStaysMarkedOnItsWayToAnthropic() throws Exception {
		String conversation = "{\"model\":\"%s\",\"max_tokens\":50,\"tools\":[{\"name\":\"get_weather\","
				+ "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}],"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
				+ "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
				+ "\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]},"
				+ "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
				+ "\"content\":\"weather service timed out\",\"is_error\":true}]}]}";
		post("/v1/messages", conversation.formatted("to-anthropic"));
		JsonNode result = anthropic.takeBody().path("messages").path(2).path("content").path(0);
		assertThat(result.path("type").asString()).isEqualTo("tool_result");
		assertThat(result.path("content").asString()).isEqualTo("weather service timed out");
		assertThat(result.path("is_error").asBoolean()).isTrue();

		// OpenAI has no such flag: the result's text says what went wrong.
		post("/v1/messages", conversation.formatted("to-openai"));
		JsonNode tool = openai.takeBody().path("messages").path(2);
		assertThat(tool.path("role").asString()).isEqualTo("tool");
		assertThat(tool.path("content").asString()).isEqualTo("weather service timed out");
		assertThat(tool.has("is_error")).isFalse();
	}

	private static void assertBase64Source(JsonNode block) {
		assertThat(block.path("type").asString()).isEqualTo("image");
		assertThat(block.path("source").path("type").asString()).isEqualTo("base64");
		assertThat(block.path("source").path("media_type").asString()).isEqualTo("image/png");
		assertThat(block.path("source").path("data").asString()).isEqualTo(PNG);
	}

	private static void assertOllamaImage(JsonNode body) {
		JsonNode message = body.path("messages").path(0);
		assertThat(message.path("content").asString()).isEqualTo("What is this?");
		assertThat(message.path("images").path(0).asString()).isEqualTo(PNG);
	}

}
