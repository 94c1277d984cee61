package io.github.llmfailover.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.sample.demo.SimulatedProviders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each simulator speaks its provider's wire format, checked with a plain HTTP client.
 */
@SpringBootTest
class SimulatedProviderWireFormatTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private SimulatedProviders simulators;

	private JsonNode post(String provider, String path, String body, String... headers) {
		String answer = request(provider, path, body, headers)
			.exchangeToMono((response) -> response.bodyToMono(String.class))
			.block(Duration.ofSeconds(5));
		return JSON.readTree(answer);
	}

	private HttpHeaders headers(String provider, String path, String body, String... headers) {
		return request(provider, path, body, headers).exchangeToMono((response) -> response.toBodilessEntity())
			.map((entity) -> entity.getHeaders())
			.block(Duration.ofSeconds(5));
	}

	private WebClient.RequestHeadersSpec<?> request(String provider, String path, String body, String... headers) {
		WebClient.RequestBodySpec request = WebClient.create()
			.post()
			.uri("http://127.0.0.1:" + this.simulators.find(provider).orElseThrow().port() + path)
			.contentType(MediaType.APPLICATION_JSON);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request.bodyValue(body);
	}

	@Test
	void openAiChatCompletion() {
		JsonNode answer = post("openai", "/v1/chat/completions",
				"{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "Authorization",
				"Bearer k");
		assertThat(answer.path("object").asString()).isEqualTo("chat.completion");
		assertThat(answer.path("choices").path(0).path("message").path("content").asString()).contains("openai");
		assertThat(answer.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
		assertThat(answer.path("usage").path("total_tokens").asInt()).isPositive();
	}

	@Test
	void openAiWithoutAKeyIs401InItsErrorShape() {
		JsonNode answer = post("openai", "/v1/chat/completions", "{\"messages\":[]}");
		assertThat(answer.path("error").path("code").asString()).isEqualTo("invalid_api_key");
	}

	@Test
	void anthropicMessage() {
		JsonNode answer = post("anthropic", "/v1/messages",
				"{\"model\":\"claude-haiku-4-5\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
				"x-api-key", "k", "anthropic-version", "2023-06-01");
		assertThat(answer.path("type").asString()).isEqualTo("message");
		assertThat(answer.path("content").path(0).path("type").asString()).isEqualTo("text");
		assertThat(answer.path("stop_reason").asString()).isEqualTo("end_turn");
		assertThat(answer.path("usage").path("output_tokens").asInt()).isPositive();
	}

	@Test
	void anthropicRequiresMaxTokensAndItsHeaders() {
		assertThat(post("anthropic", "/v1/messages", "{\"messages\":[]}").path("error").path("type").asString())
			.isEqualTo("authentication_error");
		assertThat(post("anthropic", "/v1/messages", "{\"messages\":[]}", "x-api-key", "k", "anthropic-version",
				"2023-06-01")
			.path("error")
			.path("message")
			.asString()).contains("max_tokens");
	}

	@Test
	void openAiAndAnthropicAnnounceTheirRateLimitInTheirOwnHeadersOllamaNone() {
		HttpHeaders openai = headers("openai", "/v1/chat/completions",
				"{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "Authorization",
				"Bearer k");
		assertThat(openai.getFirst("x-ratelimit-limit-requests")).isEqualTo("30000");
		assertThat(Long.parseLong(openai.getFirst("x-ratelimit-remaining-requests"))).isBetween(0L, 29_999L);
		assertThat(Long.parseLong(openai.getFirst("x-ratelimit-remaining-tokens"))).isLessThan(150_000_000L);
		// Go durations, as OpenAI writes them: 12ms, 1.5s, 59.999s.
		assertThat(openai.getFirst("x-ratelimit-reset-requests")).matches("\\d+ms|\\d+(\\.\\d{1,3})?s");
		assertThat(openai.getFirst("x-ratelimit-reset-tokens"))
			.isEqualTo(openai.getFirst("x-ratelimit-reset-requests"));
		HttpHeaders anthropic = headers("anthropic", "/v1/messages",
				"{\"model\":\"claude-haiku-4-5\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
				"x-api-key", "k", "anthropic-version", "2023-06-01");
		assertThat(anthropic.getFirst("anthropic-ratelimit-requests-limit")).isEqualTo("20000");
		assertThat(anthropic.getFirst("anthropic-ratelimit-tokens-remaining")).isNotNull();
		// RFC 3339, at the end of the current minute.
		Instant reset = Instant.parse(anthropic.getFirst("anthropic-ratelimit-requests-reset"));
		assertThat(reset).isAfter(Instant.now().minusSeconds(1)).isBefore(Instant.now().plusSeconds(61));
		assertThat(reset.getEpochSecond() % 60).isZero();
		HttpHeaders local = headers("local", "/api/chat",
				"{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		assertThat(local.headerNames()).noneMatch((name) -> name.toLowerCase(Locale.ROOT).contains("ratelimit"));
	}

	@Test
	void ollamaChatWithoutStreaming() {
		JsonNode answer = post("local", "/api/chat",
				"{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		assertThat(answer.path("done").asBoolean()).isTrue();
		assertThat(answer.path("message").path("content").asString()).contains("local");
		assertThat(answer.path("eval_count").asInt()).isPositive();
	}

}
