package io.github.llmfailover.provider;

import java.util.Map;

import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.chat.TokenUsage;
import io.github.llmfailover.provider.ollama.OllamaProviderClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Ollama adapter against a real HTTP server speaking Ollama's bodies.
 */
class OllamaProviderClientTests extends ProviderHttpTestSupport {

	static final String ANSWER = """
			{"model":"llama3.2","created_at":"2026-01-01T00:00:00.000Z",
			 "message":{"role":"assistant","content":"Fine, thanks."},"done":true,"done_reason":"%s",
			 "total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,
			 "prompt_eval_duration":342546000,"eval_count":4,"eval_duration":4535599000}""";

	OllamaProviderClientTests() {
		super(OllamaProviderClient.factory(), "/");
	}

	@Test
	void asksForOneAnswerWithOptionsAndNoAuthentication() throws Exception {
		answer(200, ANSWER.formatted("stop"));
		client(null, Map.of(), null).complete(conversation()).block(LIMIT);
		RecordedRequest request = sent();
		assertThat(request.getUrl().encodedPath()).isEqualTo("/api/chat");
		assertThat(request.getHeaders().get("Authorization")).isNull();
		JsonNode body = json(request);
		assertThat(body.path("stream").asBoolean(true)).isFalse();
		assertThat(body.path("model").asString()).isEqualTo("the-model");
		assertThat(body.path("messages")).hasSize(4);
		assertThat(body.path("options").path("temperature").asDouble()).isEqualTo(0.2);
		assertThat(body.path("options").path("num_predict").asInt()).isEqualTo(50);
	}

	@Test
	void sendsAConfiguredKeyForAProxyInFront() throws Exception {
		answer(200, ANSWER.formatted("stop"));
		complete(ChatRequest.of("Hi"));
		RecordedRequest request = sent();
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
		assertThat(json(request).has("options")).isFalse();
	}

	@Test
	void mapsTheAnswer() {
		answer(200, ANSWER.formatted("length"));
		Completion completion = complete(ChatRequest.of("Hi"));
		assertThat(completion.content()).isEqualTo("Fine, thanks.");
		assertThat(completion.model()).isEqualTo("llama3.2");
		assertThat(completion.finishReason()).isEqualTo(FinishReason.LENGTH);
		assertThat(completion.usage()).isEqualTo(new TokenUsage(26, 4));
	}

	@Test
	void countsMayBeMissing() {
		answer(200, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"x\"},\"done\":true}");
		Completion completion = complete(ChatRequest.of("Hi"));
		assertThat(completion.usage()).isEqualTo(TokenUsage.NONE);
		assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
	}

	@Test
	void readsItsErrorBodies() {
		answer(404, "{\"error\":\"model 'llama9' not found, try pulling it first\"}");
		ProviderException error = failure(client().complete(ChatRequest.of("Hi")));
		assertThat(error.status()).isEqualTo(404);
		assertThat(error.getMessage()).isEqualTo("model 'llama9' not found, try pulling it first");
		assertThat(error.errorCode()).isNull();
	}

	@Test
	void anAnswerWithoutAMessageIsMalformed() {
		answer(200, "{\"model\":\"llama3.2\",\"done\":true}");
		assertThat(failure(client().complete(ChatRequest.of("Hi"))).isMalformed()).isTrue();
	}

}
