package io.github.llmfailover.sample;

import java.time.Duration;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Reads the gateway's event streams in the tests of its APIs.
 */
final class ServerSentEvents {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private ServerSentEvents() {
	}

	/**
	 * The events of a stream that started: status 200, a provider named.
	 * @param response the response
	 * @return all its events
	 */
	static List<ServerSentEvent<String>> of(WebTestClient.ResponseSpec response) {
		return response.expectStatus()
			.isOk()
			.expectHeader()
			.exists("X-Provider")
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(20));
	}

	static JsonNode data(ServerSentEvent<String> event) {
		return JSON.readTree(event.data());
	}

}
