package io.github.llmfailover.provider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.provider.openai.OpenAiProviderClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAI Chat Completions adapter against a real HTTP server speaking OpenAI's
 * bodies.
 */
class OpenAiProviderClientTests extends ProviderHttpTestSupport {

	static final String COMPLETION = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"Fine, thanks.","refusal":null},
			 "logprobs":null,"finish_reason":"%s"}],
			 "usage":{"prompt_tokens":19,"completion_tokens":4,"total_tokens":23}}""";

	OpenAiProviderClientTests() {
		super(OpenAiProviderClient.factory(), "/v1");
	}

	@Test
	void sendsTheConversationWithBearerAuthToChatCompletions() throws Exception {
		answer(200, COMPLETION.formatted("stop"));
		complete(conversation());
		RecordedRequest request = sent();
		assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
		JsonNode body = json(request);
		assertThat(body.path("model").asString()).isEqualTo("the-model");
		assertThat(body.path("messages")).hasSize(4);
		assertThat(body.path("messages").path(0).path("role").asString()).isEqualTo("system");
		assertThat(body.path("messages").path(2).path("role").asString()).isEqualTo("assistant");
		assertThat(body.path("messages").path(3).path("content").asString()).isEqualTo("How are you?");
		assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
		assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
		assertThat(body.has("stream")).isFalse();
	}

	@Test
	void credentialsInTheBaseUrlAreSentAsBasicAuthAndNotInTheRequestLine() throws Exception {
		answer(200, COMPLETION.formatted("stop"));
		String url = this.server.url("/v1").toString().replace("://", "://proxy-user:s%40cret@");
		ProviderSettings settings = new ProviderSettings("p", factory().type(), URI.create(url), null, "the-model",
				Map.of(), null);
		factory().create(settings, WebClient.builder()).complete(ChatRequest.of("Hi")).block(LIMIT);
		RecordedRequest request = sent();
		assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
		assertThat(request.getRequestLine()).doesNotContain("proxy-user").doesNotContain("cret");
		assertThat(request.getHeaders().get("Authorization")).isEqualTo(
				"Basic " + Base64.getEncoder().encodeToString("proxy-user:s@cret".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void anApiKeyWinsOverCredentialsInTheBaseUrl() throws Exception {
		answer(200, COMPLETION.formatted("stop"));
		String url = this.server.url("/v1").toString().replace("://", "://proxy-user:secret@");
		ProviderSettings settings = new ProviderSettings("p", factory().type(), URI.create(url), API_KEY, "the-model",
				Map.of(), null);
		factory().create(settings, WebClient.builder()).complete(ChatRequest.of("Hi")).block(LIMIT);
		assertThat(sent().getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
	}

	@Test
	void leavesOutOptionsTheRequestDoesNotSet() throws Exception {
		answer(200, COMPLETION.formatted("stop"));
		complete(ChatRequest.of("Hi"));
		JsonNode body = json(sent());
		assertThat(body.has("max_tokens")).isFalse();
		assertThat(body.has("temperature")).isFalse();
	}

	@Test
	void usesTheProvidersDefaultTokenLimitAndExtraHeaders() throws Exception {
		answer(200, COMPLETION.formatted("stop"));
		client(API_KEY, Map.of("OpenAI-Organization", "org-1"), 77).complete(ChatRequest.of("Hi")).block(LIMIT);
		RecordedRequest request = sent();
		assertThat(json(request).path("max_tokens").asInt()).isEqualTo(77);
		assertThat(request.getHeaders().get("OpenAI-Organization")).isEqualTo("org-1");
	}

	@Test
	void aBaseUrlWithATrailingSlashWorksToo() throws Exception {
		answer(200, COMPLETION.formatted("stop"));
		ProviderSettings settings = new ProviderSettings("p", "openai",
				java.net.URI.create(this.server.url("/v1/").toString()), null, "m", Map.of(), null);
		factory().create(settings, WebClient.builder()).complete(ChatRequest.of("Hi")).block(LIMIT);
		RecordedRequest request = sent();
		assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
		assertThat(request.getHeaders().get("Authorization")).isNull();
	}

	@Test
	void mapsTheAnswer() {
		answer(200, COMPLETION.formatted("stop"));
		Completion completion = complete(ChatRequest.of("Hi"));
		assertThat(completion.content()).isEqualTo("Fine, thanks.");
		assertThat(completion.model()).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(completion.usage()).isEqualTo(new TokenUsage(19, 4));
	}

	@ParameterizedTest
	@CsvSource({ "stop, STOP", "length, LENGTH", "tool_calls, TOOL_CALLS", "function_call, TOOL_CALLS",
			"content_filter, CONTENT_FILTER", "something_new, OTHER" })
	void normalizesFinishReasons(String wire, FinishReason reason) {
		answer(200, COMPLETION.formatted(wire));
		assertThat(complete(ChatRequest.of("Hi")).finishReason()).isEqualTo(reason);
	}

	@Test
	void readsTheTokensReadFromThePromptCache() {
		answer(200, COMPLETION.formatted("stop")
			.replace("\"total_tokens\":23}", "\"total_tokens\":23,\"prompt_tokens_details\":{\"cached_tokens\":16,"
					+ "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}"));
		assertThat(complete(ChatRequest.of("Hi")).usage()).isEqualTo(new TokenUsage(19, 4, 16, 0));
	}

	@Test
	void missingUsageCountsAsZero() {
		answer(200, "{\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"x\"},"
				+ "\"finish_reason\":\"stop\"}]}");
		assertThat(complete(ChatRequest.of("Hi")).usage()).isEqualTo(TokenUsage.NONE);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			400 | context_length_exceeded | This model's maximum context length is 128000 tokens.
			401 | invalid_api_key         | Incorrect API key provided.
			403 | unsupported_country_region_territory | Country, region, or territory not supported
			404 | model_not_found         | The model `gpt-5-nano` does not exist or you do not have access to it.
			429 | insufficient_quota      | You exceeded your current quota, please check your plan and billing details.
			500 | server_error            | The server had an error while processing your request.
			503 | server_error            | The engine is currently overloaded, please try again later
			""")
	void readsTheMessageAndCodeOfErrorBodies(int status, String code, String message) {
		answer(status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"param\":null,"
				+ "\"code\":\"" + code + "\"}}");
		ProviderException error = failure(client().complete(ChatRequest.of("Hi")));
		assertThat(error.status()).isEqualTo(status);
		assertThat(error.getMessage()).isEqualTo(message);
		assertThat(error.errorCode()).isEqualTo(code);
		assertThat(error.isMalformed()).isFalse();
	}

	@Test
	void anErrorWithoutACodeFallsBackToItsType() {
		answer(503, "{\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
		assertThat(failure(client().complete(ChatRequest.of("Hi"))).errorCode()).isEqualTo("server_error");
	}

	@Test
	void readsRetryHints() {
		answer(429,
				"{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
				"retry-after", "7", "x-should-retry", "true");
		ProviderException error = failure(client().complete(ChatRequest.of("Hi")));
		assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(7));
		assertThat(error.shouldRetry()).isTrue();
	}

	@Test
	void anHtmlErrorPageBecomesAReadableMessage() {
		answer(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");
		ProviderException error = failure(client().complete(ChatRequest.of("Hi")));
		assertThat(error.status()).isEqualTo(502);
		assertThat(error.getMessage()).contains("502 Bad Gateway");
	}

	@Test
	void anEmptyErrorBodyNamesTheStatus() {
		answer(500, "");
		assertThat(failure(client().complete(ChatRequest.of("Hi"))).getMessage()).isEqualTo("HTTP 500");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			not json at all
			{"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assist
			{"id":"chatcmpl-1","object":"chat.completion","choices":[]}
			[]
			""")
	void aSuccessWithABodyThatIsNotTheFormatIsAMalformedAnswer(String body) {
		answer(200, body);
		ProviderException error = failure(client().complete(ChatRequest.of("Hi")));
		assertThat(error.isMalformed()).isTrue();
		assertThat(error.status()).isEqualTo(200);
		assertThat(error.getMessage()).startsWith("malformed response");
	}

	@Test
	void anEmptySuccessIsAMalformedAnswer() {
		answer(200, "");
		assertThat(failure(client().complete(ChatRequest.of("Hi"))).isMalformed()).isTrue();
	}

	@Test
	void theKeyIsMaskedWhenTheProviderEchoesIt() {
		answer(401,
				"{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY
						+ ". You can find your API key at https://platform.openai.com/account/api-keys.\","
						+ "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
		ProviderException error = failure(client().complete(ChatRequest.of("Hi")));
		assertThat(error.getMessage()).doesNotContain(API_KEY).contains("Incorrect API key provided: ******");
	}

}
