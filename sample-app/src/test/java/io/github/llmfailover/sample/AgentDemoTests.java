package io.github.llmfailover.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
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
 * The demo's agent loop over HTTP ({@code POST /agent}): it calls the built-in tools and
 * answers with their results.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class AgentDemoTests extends DemoAppTests {

	@Autowired
	private WebTestClient client;

	@Test
	@SuppressWarnings("unchecked")
	void runsTheToolsAndAnswersWithTheirResults() {
		Map<String, Object> body = this.client.post()
			.uri("/agent")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("prompt", "Please add 2 and 40, then tell me the current time."))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> turns = (List<Map<String, Object>>) body.get("turns");
		assertThat(turns).hasSize(3);
		List<Map<String, Object>> firstCalls = (List<Map<String, Object>>) turns.get(0).get("toolCalls");
		assertThat(firstCalls.get(0)).containsEntry("name", "add");
		assertThat((String) firstCalls.get(0).get("result")).contains("42");
		List<Map<String, Object>> secondCalls = (List<Map<String, Object>>) turns.get(1).get("toolCalls");
		assertThat(secondCalls.get(0)).containsEntry("name", "current_time");
		assertThat((String) body.get("answer")).contains("42").contains("utc");
	}

	@Test
	void streamsEachTurnAsItEndsAndCarriesOnWhileEachTurnsProviderBreaks() {
		List<ServerSentEvent<Map<String, Object>>> events = this.client.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.post()
			.uri("/agent/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("prompt", "Please add 2 and 40, then tell me the current time.", "breakEachTurnsProvider",
					true))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(events).extracting(ServerSentEvent::event).containsExactly("turn", "turn", "turn");
		List<Object> providers = events.stream().map((event) -> event.data().get("provider")).toList();
		assertThat(providers).doesNotHaveDuplicates().containsExactlyInAnyOrder("openai", "anthropic", "local");
		assertThat(this.simulators.all())
			.allSatisfy((simulator) -> assertThat(simulator.fault()).isEqualTo(Fault.SERVER_ERROR));
		assertThat(events.get(0).data().get("toolCalls").toString()).contains("name=add");
		assertThat(events.get(2).data().get("content").toString()).contains("42");
	}

	@Test
	void breakingProvidersIsRefusedWhenTheFlagIsNotABoolean() {
		this.client.post()
			.uri("/agent/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("prompt", "hi", "breakEachTurnsProvider", "yes"))
			.exchange()
			.expectStatus()
			.isBadRequest();
		assertThat(this.simulators.all())
			.allSatisfy((simulator) -> assertThat(simulator.fault()).isEqualTo(Fault.NONE));
	}

	@Test
	void aBlankPromptIsA400() {
		this.client.post()
			.uri("/agent")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("prompt", " "))
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

}
