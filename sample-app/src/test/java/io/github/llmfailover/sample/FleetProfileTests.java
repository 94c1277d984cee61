package io.github.llmfailover.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * The fleet profile with no Redis reachable: the app starts, answers, stays healthy, and
 * says in the llmProviders details that it works alone. (Sharing between instances
 * through a real redis-server is tested in the library, FleetModeTests.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "demo", "fleet" })
@AutoConfigureWebTestClient
class FleetProfileTests {

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void unreachableRedis(DynamicPropertyRegistry registry) throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			int closed = socket.getLocalPort();
			registry.add("spring.data.redis.port", () -> closed);
		}
	}

	@Test
	void withRedisAwayTheAppServesAndSaysItWorksAlone() {
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\":\"Hello\"}")
			.exchange()
			.expectStatus()
			.isOk();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.client.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP")
				.jsonPath("$.components.llmProviders.details.fleet.state")
				.isEqualTo("LOCAL")
				.jsonPath("$.components.llmProviders.details.fleet.error")
				.isNotEmpty());
		this.client.get()
			.uri("/actuator/metrics/llm.failover.fleet.connected")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.measurements[0].value")
			.isEqualTo(0.0);
	}

}
