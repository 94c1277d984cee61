package io.github.llmfailover.provider;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.provider.anthropic.AnthropicProviderClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Anthropic Messages adapter against a real HTTP server speaking Anthropic's bodies.
 */
class AnthropicProviderClientTests extends ProviderHttpTestSupport {

	static final String MESSAGE = """
			{"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001",
			 "content":[{"type":"text","text":"Fine, "},{"type":"tool_use","id":"t","name":"x","input":{}},
			            {"type":"text","text":"thanks."}],
			 "stop_reason":"%s","stop_sequence":null,"usage":{"input_tokens":21,"output_tokens":5}}""";

	AnthropicProviderClientTests() {
		super(AnthropicProviderClient.factory(), "/");
	}

	@Test
	void sendsTheSystemPromptApartWithItsHeadersToMessages() throws Exception {
		answer(200, MESSAGE.formatted("end_turn"));
		complete(conversation());
		RecordedRequest request = sent();
		assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/messages");
		assertThat(request.getHeaders().get("x-api-key")).isEqualTo(API_KEY);
		assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
		assertThat(request.getHeaders().get("Authorization")).isNull();
		JsonNode body = json(request);
		assertThat(body.path("system").asString()).isEqualTo("Be brief.");
		assertThat(body.path("messages")).hasSize(3);
		assertThat(body.path("messages").findValuesAsString("role")).containsExactly("user", "assistant", "user");
		assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
		assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
	}

	@Test
	void alwaysSendsATokenLimit() throws Exception {
		answer(200, MESSAGE.formatted("end_turn"));
		complete(ChatRequest.of("Hi"));
		assertThat(json(sent()).path("max_tokens").asInt()).isEqualTo(1024);
		answer(200, MESSAGE.formatted("end_turn"));
		client(API_KEY, Map.of(), 300).complete(ChatRequest.of("Hi")).block(LIMIT);
		JsonNode body = json(sent());
		assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
		assertThat(body.has("system")).isFalse();
	}

	@Test
	void mapsTheAnswerJoiningItsTextBlocks() {
		answer(200, MESSAGE.formatted("end_turn"));
		Completion completion = complete(ChatRequest.of("Hi"));
		assertThat(completion.content()).isEqualTo("Fine, thanks.");
		assertThat(completion.model()).isEqualTo("claude-haiku-4-5-20251001");
		assertThat(completion.usage()).isEqualTo(new TokenUsage(21, 5));
	}

	@Test
	void addsThePromptCacheReadsAndWritesToTheInput() {
		answer(200, MESSAGE.formatted("end_turn")
			.replace("\"input_tokens\":21,",
					"\"input_tokens\":21,\"cache_creation_input_tokens\":1000," + "\"cache_read_input_tokens\":3000,"));
		assertThat(complete(ChatRequest.of("Hi")).usage()).isEqualTo(new TokenUsage(4021, 5, 3000, 1000));
	}

	@ParameterizedTest
	@CsvSource({ "end_turn, STOP", "stop_sequence, STOP", "max_tokens, LENGTH", "model_context_window_exceeded, LENGTH",
			"tool_use, TOOL_CALLS", "refusal, CONTENT_FILTER", "pause_turn, OTHER" })
	void normalizesStopReasons(String wire, FinishReason reason) {
		// Without the tool_use block: an answer with tool calls always says TOOL_CALLS.
		answer(200, MESSAGE.formatted(wire)
			.replace("{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"x\",\"input\":{}},", ""));
		assertThat(complete(ChatRequest.of("Hi")).finishReason()).isEqualTo(reason);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			400 | invalid_request_error | messages: at least one message is required
			401 | authentication_error  | invalid x-api-key
			402 | billing_error         | Your credit balance is too low to access the Anthropic API.
			403 | permission_error      | Your API key does not have permission to use the specified resource.
			404 | not_found_error       | model: claude-9
			413 | request_too_large     | Request exceeds the maximum allowed number of bytes.
			429 | rate_limit_error      | This request would exceed your organization's rate limit.
			500 | api_error             | Internal server error
			529 | overloaded_error      | Overloaded
			""")
	void readsTheMessageAndTypeOfErrorBodies(int status, String type, String message) {
		answer(status, "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message
				+ "\"},\"request_id\":\"req_011\"}");
		ProviderException error = failure(client().complete(ChatRequest.of("Hi")));
		assertThat(error.status()).isEqualTo(status);
		assertThat(error.getMessage()).isEqualTo(message);
		assertThat(error.errorCode()).isEqualTo(type);
	}

	@Test
	void readsRetryAfterAsAnHttpDate() {
		String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
		answer(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}",
				"retry-after", in30s);
		Duration retryAfter = failure(client().complete(ChatRequest.of("Hi"))).retryAfter();
		assertThat(retryAfter).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(30));
	}

	@Test
	void aSpendCap429CarriesNoRetryHint() {
		answer(429,
				"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"spend limit reached\"}}");
		assertThat(failure(client().complete(ChatRequest.of("Hi"))).retryAfter()).isNull();
	}

	@Test
	void anAnswerWithoutContentIsMalformed() {
		answer(200, "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\"}");
		assertThat(failure(client().complete(ChatRequest.of("Hi"))).isMalformed()).isTrue();
	}

	@Test
	void theKeyIsMaskedWhenTheProviderEchoesIt() {
		answer(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key: "
				+ API_KEY + "\"}}");
		assertThat(failure(client().complete(ChatRequest.of("Hi"))).getMessage()).doesNotContain(API_KEY);
	}

}
