package io.github.llmfailover.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code llmproviders} endpoint answers in its own shape whatever the application
 * does to its JSON mapper: here, snake_case names for everything else.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.jackson.property-naming-strategy=SNAKE_CASE")
@AutoConfigureWebTestClient
class EndpointJsonTests {

	@Autowired
	private WebTestClient client;

	@Test
	void theApplicationsNamingStrategyDoesNotRenameTheEndpointsFields() {
		String all = get("/actuator/llmproviders", 200);
		assertThat(all)
			.contains("\"configuredWeight\":3", "\"circuitState\":\"CLOSED\"", "\"inRotation\":true", "\"baseUrl\":",
					"\"cooldownUntil\":", "\"lastError\":", "\"failureRate\":")
			.doesNotContain("configured_weight", "circuit_state", "base_url");
		String one = get("/actuator/llmproviders/local", 200);
		assertThat(one).startsWith("{\"name\":\"local\"").contains("\"configuredWeight\":1");
		String missing = get("/actuator/llmproviders/nope", 404);
		assertThat(missing).startsWith("{\"error\":\"No LLM provider named 'nope'");
	}

	private String get(String uri, int status) {
		// A first request to a fresh context may be slow on a busy machine.
		byte[] body = this.client.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody()
			.returnResult()
			.getResponseBodyContent();
		assertThat(body).isNotNull();
		return new String(body);
	}

}
