package io.github.llmfailover.sample;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.llmfailover.routing.ProviderChange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations surface of the demo: {@code /actuator/llmproviders} (writable in the
 * demo), health and metrics, over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class OperationsEndpointTests extends DemoAppTests {

	@Autowired
	private WebTestClient client;

	private WebTestClient.ResponseSpec update(String provider, String body) {
		return this.client.post()
			.uri("/actuator/llmproviders/" + provider)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private WebTestClient.ResponseSpec chat() {
		return this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"hi\"}")
			.exchange();
	}

	@Test
	void listsEveryProviderWithItsRoutingStateAndNoKey() {
		byte[] body = this.client.get()
			.uri("/actuator/llmproviders")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.providers.length()")
			.isEqualTo(3)
			.jsonPath("$.providers[0].name")
			.isEqualTo("openai")
			.jsonPath("$.providers[0].type")
			.isEqualTo("openai")
			.jsonPath("$.providers[0].weight")
			.isEqualTo(3)
			.jsonPath("$.providers[0].configuredWeight")
			.isEqualTo(3)
			.jsonPath("$.providers[0].share")
			.isEqualTo(0.6)
			.jsonPath("$.providers[0].circuitState")
			.isEqualTo("CLOSED")
			.jsonPath("$.providers[0].enabled")
			.isEqualTo(true)
			.jsonPath("$.providers[2].priority")
			.isEqualTo(1)
			.jsonPath("$.providers[2].share")
			.isEqualTo(0.0)
			.returnResult()
			.getResponseBodyContent();
		assertThat(new String(body)).contains("\"cooldownUntil\"").contains("\"lastError\"").doesNotContain("demo-key");
	}

	@Test
	void showsTheRateLimitHeadersTheSimulatorsSent() {
		for (int i = 0; i < 40; i++) {
			chat().expectStatus().isOk();
		}
		this.client.get()
			.uri("/actuator/llmproviders")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.providers[0].rateLimitHeaders.remainingRequests")
			.value((Number remaining) -> assertThat(remaining.longValue()).isBetween(0L, 29_999L))
			.jsonPath("$.providers[0].rateLimitHeaders.requestsResetAt")
			.isNotEmpty()
			.jsonPath("$.providers[1].rateLimitHeaders.remainingTokens")
			.value((Number remaining) -> assertThat(remaining.longValue()).isBetween(0L, 9_999_999L))
			.jsonPath("$.providers[1].rateLimitHeaders.tokensResetAt")
			.isNotEmpty()
			.jsonPath("$.providers[2].rateLimitHeaders")
			.isEmpty()
			.jsonPath("$.providers[0].latency.answers")
			.value((Number answers) -> assertThat(answers.intValue()).isPositive());
	}

	@Test
	void showsOneProviderOrAnswers404() {
		this.client.get()
			.uri("/actuator/llmproviders/local")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.model")
			.isEqualTo("llama3.2");
		this.client.get()
			.uri("/actuator/llmproviders/nope")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.error")
			.value((String error) -> assertThat(error).contains("nope").contains("openai, anthropic, local"));
	}

	@Test
	void weightChangesApplyToTheNextRequests() {
		update("openai", "{\"weight\": 0}").expectStatus().isOk().expectBody().jsonPath("$.weight").isEqualTo(0);
		update("anthropic", "{\"weight\": 0}").expectStatus().isOk().expectBody().jsonPath("$.share").isEqualTo(0.0);
		for (int i = 0; i < 3; i++) {
			chat().expectStatus().isOk().expectHeader().valueEquals("X-Provider", "local");
		}
		update("openai", "{\"reset\": true}").expectStatus().isOk().expectBody().jsonPath("$.weight").isEqualTo(3);
	}

	@Test
	void forcingACircuitOpenMovesTrafficAndClosingItBringsItBack() {
		update("openai", "{\"circuitState\": \"FORCED_OPEN\"}").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.circuitState")
			.isEqualTo("FORCED_OPEN")
			.jsonPath("$.inRotation")
			.isEqualTo(false);
		for (int i = 0; i < 3; i++) {
			chat().expectStatus().isOk().expectHeader().valueEquals("X-Provider", "anthropic");
		}
		update("openai", "{\"circuitState\": \"CLOSED\"}").expectStatus().isOk();
	}

	@Test
	void badWritesGet400NamingTheField() {
		update("openai", "{\"weight\": -2}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.value((String error) -> assertThat(error).startsWith("weight must not be negative"));
		update("openai", "{\"circuitState\": \"SIDEWAYS\"}").expectStatus().isBadRequest();
		update("openai", "{}").expectStatus().isBadRequest();
		update("nope", "{\"weight\": 1}").expectStatus().isNotFound();
	}

	@Test
	void livenessStaysUpWhileEveryProviderIsDown() {
		changeAll(this.providers, ProviderChange.circuitState(State.FORCED_OPEN));
		this.client.get()
			.uri("/actuator/health/liveness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.llmProviders.status")
			.isEqualTo("DEGRADED");
	}

	@Test
	void prometheusShowsTheFailoverMeters() {
		chat().expectStatus().isOk();
		String scrape = PrometheusScrape.read(this.client, (headers) -> {
		});
		assertThat(scrape).contains("llm_failover_requests_seconds_count{")
			.contains("llm_failover_attempts_seconds_count{")
			.contains("gen_ai_client_token_usage_tokens_sum{")
			.contains("resilience4j_circuitbreaker_state{");
	}

}
