package io.github.llmfailover.sample.security;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The actuator's roles over real HTTP: health open, reading for operators, steering for
 * admins, HTTP basic only (a caller key opens nothing here).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles({ "demo", "secured" })
class ActuatorSecurityTests {

	private static final Consumer<HttpHeaders> NOBODY = (headers) -> {
	};

	private static final Consumer<HttpHeaders> OPERATOR = (headers) -> headers.setBasicAuth("ops",
			TestCredentials.OPERATOR_PASSWORD);

	private static final Consumer<HttpHeaders> ADMIN = (headers) -> headers.setBasicAuth("root",
			TestCredentials.ADMIN_PASSWORD);

	private static final Consumer<HttpHeaders> CALLER = (headers) -> headers.setBearerAuth(TestCredentials.TEAM_KEY);

	@Autowired
	private WebTestClient client;

	private WebTestClient.ResponseSpec get(String path, Consumer<HttpHeaders> credentials) {
		return this.client.get().uri(path).headers(credentials).exchange();
	}

	private WebTestClient.ResponseSpec post(String path, String body, Consumer<HttpHeaders> credentials) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(credentials)
			.bodyValue(body)
			.exchange();
	}

	@Test
	void healthAndTheDashboardPageAreOpen() {
		get("/actuator/health", NOBODY).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
		get("/actuator/health/liveness", NOBODY).expectStatus().isOk();
		get("/", NOBODY).expectStatus().isOk();
	}

	@Test
	void healthShowsItsDetailsToOperatorsOnly() {
		get("/actuator/health", NOBODY).expectBody()
			.jsonPath("$.components.llmProviders.status")
			.isEqualTo("UP")
			.jsonPath("$.components.llmProviders.details")
			.doesNotExist();
		get("/actuator/health", OPERATOR).expectBody()
			.jsonPath("$.components.llmProviders.details.openai.circuitState")
			.isEqualTo("CLOSED");
	}

	@Test
	void readingNeedsAnOperatorWithHttpBasic() {
		for (String path : new String[] { "/actuator/llmproviders", "/actuator/llmproviders/openai",
				"/actuator/prometheus", "/actuator/metrics", "/demo/providers" }) {
			get(path, NOBODY).expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"llm-failover operators\"");
			get(path, CALLER).expectStatus().isUnauthorized();
			get(path, OPERATOR).expectStatus().isOk();
			get(path, ADMIN).expectStatus().isOk();
		}
		get("/actuator/llmproviders", (headers) -> headers.setBasicAuth("ops", "wrong")).expectStatus()
			.isUnauthorized();
	}

	@Test
	void steeringNeedsAnAdmin() {
		// The configured weight: an admin's write changes nothing for the other tests.
		String write = "{\"weight\": 3}";
		post("/actuator/llmproviders/openai", write, NOBODY).expectStatus().isUnauthorized();
		post("/actuator/llmproviders/openai", write, CALLER).expectStatus().isUnauthorized();
		post("/actuator/llmproviders/openai", write, OPERATOR).expectStatus().isForbidden();
		post("/actuator/llmproviders/openai", write, ADMIN).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.weight")
			.isEqualTo(3);
		post("/demo/providers/reset", "{}", OPERATOR).expectStatus().isForbidden();
		post("/demo/providers/reset", "{}", ADMIN).expectStatus().is2xxSuccessful();
	}

	@Test
	void anOperatorIsNoCaller() {
		post("/chat", "{\"prompt\": \"hi\"}", OPERATOR).expectStatus().isForbidden();
	}

}
