package io.github.llmfailover.sample;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.MessageAggregator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.llmfailover.sample.demo.Fault;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring AI endpoint over HTTP ({@code POST /spring-ai/chat}): {@code ChatClient}
 * with an {@code @Tool} method over {@code failoverChatModel}, each turn of its tool loop
 * failing over on its own while a provider is broken through the demo's live controls.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SpringAiEndpointTests extends DemoAppTests {

	private static final String PROMPT = "{\"prompt\": \"Where is my order 1042?\"}";

	@Autowired
	private WebTestClient client;

	/**
	 * Break openai live and take anthropic out of rotation, so that every turn tries
	 * openai first and is served by local, the fallback tier.
	 */
	@BeforeEach
	void breakTheFirstProvider() {
		this.client.post()
			.uri("/demo/providers/openai/fault")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"fault\": \"server-error\", \"seconds\": 60}")
			.exchange()
			.expectStatus()
			.isOk();
		this.client.post()
			.uri("/actuator/llmproviders/anthropic")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"weight\": 0}")
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
	}

	@Test
	@SuppressWarnings("unchecked")
	void answersWithTheToolsResultEachTurnFailingOverFromTheBrokenProvider() {
		long openAiRequests = this.simulators.find("openai").orElseThrow().requests();
		Map<String, Object> body = this.client.post()
			.uri("/spring-ai/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(PROMPT)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Provider", "local")
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();

		// The tool's result for order 1042, which only the tool knows, is in the answer.
		assertThat((String) body.get("content")).contains("shipped").contains("2026-12-03");
		List<Map<String, Object>> turns = (List<Map<String, Object>>) body.get("turns");
		assertThat(turns).hasSize(2);
		Map<String, Object> toolTurn = turns.get(0);
		assertThat(toolTurn).containsEntry("provider", "local").containsEntry("model", "llama3.2");
		List<Map<String, Object>> calls = (List<Map<String, Object>>) toolTurn.get("toolCalls");
		assertThat(calls).singleElement().satisfies((call) -> {
			assertThat(call).containsEntry("name", "order_status");
			assertThat((String) call.get("arguments")).contains("1042");
		});
		for (Map<String, Object> turn : turns) {
			List<Map<String, Object>> attempts = (List<Map<String, Object>>) turn.get("attempts");
			assertThat(attempts).extracting((attempt) -> attempt.get("provider")).containsExactly("openai", "local");
			assertThat(attempts.get(0)).containsEntry("outcome", "server_error").containsEntry("status", 500);
		}
		assertThat((List<?>) turns.get(1).get("toolCalls")).isEmpty();
		assertThat(this.simulators.find("openai").orElseThrow().requests()).isEqualTo(openAiRequests + 2);
	}

	@Test
	void streamsTheAnswerAfterTheToolLoop() {
		List<ServerSentEvent<String>> events = ServerSentEvents.of(this.client.post()
			.uri("/spring-ai/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(PROMPT)
			.exchange()
			.expectHeader()
			.valueEquals("X-Provider", "local"));

		assertThat(events).isNotEmpty().allSatisfy((event) -> {
			assertThat(event.event()).isNull();
			assertThat(ServerSentEvents.data(event).path("provider").asString()).isEqualTo("local");
		});
		String text = String.join("",
				events.stream().map((event) -> ServerSentEvents.data(event).path("text").asString()).toList());
		assertThat(text).contains("shipped").contains("2026-12-03");
	}

	@Test
	void whenNoProviderCanAnswerBothAreA503WithRetryAfter() {
		this.simulators.find("local").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		// Spring AI's MessageAggregator logs each failed stream at ERROR with its stack
		// trace, once per aggregating step; here the failure is the test's own doing.
		try (LogLevels quiet = LogLevels.set(LogLevel.OFF, MessageAggregator.class.getName())) {
			for (String uri : List.of("/spring-ai/chat", "/spring-ai/chat/stream")) {
				this.client.post()
					.uri(uri)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(PROMPT)
					.exchange()
					.expectStatus()
					.isEqualTo(503)
					.expectHeader()
					.exists("Retry-After")
					.expectHeader()
					.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
			}
		}
	}

	@Test
	void aBlankPromptIsA400NamingTheField() {
		this.client.post()
			.uri("/spring-ai/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \" \"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo("prompt");
	}

}
