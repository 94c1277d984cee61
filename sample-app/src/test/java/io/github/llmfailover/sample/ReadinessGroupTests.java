package io.github.llmfailover.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.routing.ProviderRegistry;

/**
 * The readiness recipe of docs/operations.md: with it, readiness follows the providers
 * while liveness does not.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoint.health.group.readiness.include=readinessState,llmProviders",
				"management.endpoint.health.group.readiness.status.order=down,out-of-service,degraded,up,unknown",
				"management.endpoint.health.group.readiness.status.http-mapping.degraded=503" })
@AutoConfigureWebTestClient
class ReadinessGroupTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private ProviderRegistry providers;

	@AfterEach
	void restore() {
		DemoAppTests.resetProviders(this.providers);
	}

	@Test
	void readinessFailsWhileNoProviderIsInRotationButLivenessStaysUp() {
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		DemoAppTests.changeAll(this.providers, ProviderChange.enabled(false));
		this.client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("DEGRADED");
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

}
