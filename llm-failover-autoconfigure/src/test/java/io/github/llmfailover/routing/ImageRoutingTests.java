package io.github.llmfailover.routing;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.ContentPart;
import io.github.llmfailover.test.StreamFrames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images through failover, over real HTTP: the same request reaches each wire format in
 * that format's shape (OpenAI {@code image_url} parts, Anthropic {@code image} blocks of
 * source {@code base64} or {@code url}, Ollama base64 {@code images} on the message),
 * whole and streamed, as each provider before it fails.
 */
class ImageRoutingTests extends WireFormatRoutingSupport {

	private static final String PNG = "iVBORw0KGgo=";

	private static final String URL = "https://example.com/cat.png";

	/** Images of both kinds: Ollama takes no URLs, so it is left out of these. */
	private static ChatRequest byDataAndUrl() {
		return ChatRequest.builder()
			.user(ContentPart.text("What is this?"), ContentPart.imageUrl("data:image/png;base64," + PNG),
					ContentPart.imageUrl(URL))
			.build();
	}

	private static ChatRequest byData() {
		return ChatRequest.builder()
			.user(ContentPart.text("And this?"), ContentPart.imageData("image/png", PNG))
			.build();
	}

	@Test
	void wholeRequestsCarryTheirImagesToEachFormat() throws Exception {
		FailoverHarness.Built built = harness().build();
		answer(this.openAi, 500, OPENAI_SERVER_ERROR);
		answer(this.anthropic, 200,
				"""
						{"id":"msg","type":"message","role":"assistant","model":"claude","content":[
						 {"type":"text","text":"A cat."}],"stop_reason":"end_turn","usage":{"input_tokens":9,"output_tokens":2}}""");
		ChatResponse cat = built.client().chat(byDataAndUrl()).block();
		assertThat(cat.provider()).isEqualTo("anthropic");
		assertOpenAiImages(sentBody(this.openAi), true);
		assertAnthropicImages(sentBody(this.anthropic), true);

		answer(this.openAi, 500, OPENAI_SERVER_ERROR);
		answer(this.anthropic, 529, ANTHROPIC_OVERLOADED);
		answer(this.ollama, 200,
				"""
						{"model":"llama","message":{"role":"assistant","content":"A dog."},"done":true,"done_reason":"stop"}""");
		ChatResponse dog = built.client().chat(byData()).block();
		assertThat(dog.provider()).isEqualTo("ollama");
		assertOpenAiImages(sentBody(this.openAi), false);
		assertAnthropicImages(sentBody(this.anthropic), false);
		assertOllamaImages(sentBody(this.ollama));
	}

	@Test
	void streamedRequestsCarryTheirImagesToEachFormat() throws Exception {
		FailoverHarness.Built built = harness().build();
		answer(this.openAi, 500, OPENAI_SERVER_ERROR);
		answerStream(this.anthropic, StreamFrames.SSE, String.join("", StreamFrames.anthropic("A ", "cat.")));
		assertThat(streamed(built, byDataAndUrl())).isEqualTo("anthropic: A cat.");
		assertOpenAiImages(sentBody(this.openAi), true);
		JsonNode toAnthropic = sentBody(this.anthropic);
		assertThat(toAnthropic.path("stream").asBoolean()).isTrue();
		assertAnthropicImages(toAnthropic, true);

		answerStream(this.openAi, StreamFrames.SSE, String.join("", StreamFrames.openAi("A ", "dog.")));
		assertThat(streamed(built, byData())).isEqualTo("openai: A dog.");
		JsonNode toOpenAi = sentBody(this.openAi);
		assertThat(toOpenAi.path("stream").asBoolean()).isTrue();
		assertOpenAiImages(toOpenAi, false);

		answer(this.openAi, 500, OPENAI_SERVER_ERROR);
		answer(this.anthropic, 529, ANTHROPIC_OVERLOADED);
		answerStream(this.ollama, StreamFrames.NDJSON, String.join("", StreamFrames.ollama("A ", "bird.")));
		assertThat(streamed(built, byData())).isEqualTo("ollama: A bird.");
		sentBody(this.openAi);
		sentBody(this.anthropic);
		JsonNode toOllama = sentBody(this.ollama);
		assertThat(toOllama.path("stream").asBoolean()).isTrue();
		assertOllamaImages(toOllama);
	}

	private static String streamed(FailoverHarness.Built built, ChatRequest request) {
		List<ChatChunk> chunks = built.client().stream(request).collectList().block();
		return chunks.get(0).provider() + ": " + chunks.stream().map(ChatChunk::text).collect(Collectors.joining());
	}

	/** {@code image_url} parts after the text: the data as a {@code data:} URL. */
	private static void assertOpenAiImages(JsonNode body, boolean withUrl) {
		JsonNode content = body.path("messages").path(0).path("content");
		assertThat(content).hasSize(withUrl ? 3 : 2);
		assertThat(content.path(0).path("type").asString()).isEqualTo("text");
		assertThat(content.path(1).path("type").asString()).isEqualTo("image_url");
		assertThat(content.path(1).path("image_url").path("url").asString()).isEqualTo("data:image/png;base64," + PNG);
		if (withUrl) {
			assertThat(content.path(2).path("type").asString()).isEqualTo("image_url");
			assertThat(content.path(2).path("image_url").path("url").asString()).isEqualTo(URL);
		}
	}

	/** {@code image} blocks after the text, of source {@code base64} and {@code url}. */
	private static void assertAnthropicImages(JsonNode body, boolean withUrl) {
		JsonNode content = body.path("messages").path(0).path("content");
		assertThat(content).hasSize(withUrl ? 3 : 2);
		assertThat(content.path(0).path("type").asString()).isEqualTo("text");
		JsonNode data = content.path(1);
		assertThat(data.path("type").asString()).isEqualTo("image");
		assertThat(data.path("source").path("type").asString()).isEqualTo("base64");
		assertThat(data.path("source").path("media_type").asString()).isEqualTo("image/png");
		assertThat(data.path("source").path("data").asString()).isEqualTo(PNG);
		if (withUrl) {
			assertThat(content.path(2).path("type").asString()).isEqualTo("image");
			assertThat(content.path(2).path("source").path("type").asString()).isEqualTo("url");
			assertThat(content.path(2).path("source").path("url").asString()).isEqualTo(URL);
		}
	}

	/** The text as the content, the bytes in {@code images}. */
	private static void assertOllamaImages(JsonNode body) {
		JsonNode message = body.path("messages").path(0);
		assertThat(message.path("content").asString()).isEqualTo("And this?");
		assertThat(message.path("images")).hasSize(1);
		assertThat(message.path("images").path(0).asString()).isEqualTo(PNG);
	}

}
