package io.github.llmfailover.sample.security;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.llmfailover.sample.PrometheusScrape;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gateway.prometheus-access=open}: a scraper needs no login, the rest of the
 * actuator still does.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "gateway.prometheus-access=open")
@AutoConfigureWebTestClient
@ActiveProfiles({ "demo", "secured" })
class OpenPrometheusTests {

	@Autowired
	private WebTestClient client;

	@Test
	void prometheusIsOpenAndTheProvidersAreNot() {
		assertThat(PrometheusScrape.read(this.client, (headers) -> {
		})).contains("resilience4j_circuitbreaker_state{");
		this.client.get().uri("/actuator/llmproviders").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();
	}

}
