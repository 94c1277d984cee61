package io.github.llmfailover.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.llmfailover.routing.ProviderRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the application granting it, the endpoint cannot steer traffic.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.llmproviders.access=read-only")
@AutoConfigureWebTestClient
class ReadOnlyOperationsTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private ProviderRegistry providers;

	@Test
	void readsButRefusesWrites() {
		this.client.get().uri("/actuator/llmproviders").exchange().expectStatus().isOk();
		this.client.post()
			.uri("/actuator/llmproviders/openai")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"weight\": 0}")
			.exchange()
			.expectStatus()
			.isEqualTo(405);
		assertThat(this.providers.find("openai").orElseThrow().weight()).isEqualTo(3);
	}

}
