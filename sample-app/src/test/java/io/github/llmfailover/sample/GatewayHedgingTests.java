package io.github.llmfailover.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.llmfailover.routing.Hedging;
import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.sample.demo.Fault;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-request hedging at the gateway: the {@code X-LLM-Hedge} header hedges one request
 * after its own delay (the demo does not hedge by default), in every API's endpoint, and
 * a bad value gets a 400 in that API's error shape naming the header.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayHedgingTests extends DemoAppTests {

	private static final String COMPLETION = "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", "
			+ "\"content\": \"hi\"}]}";

	private static final String MESSAGE = "{\"model\": \"claude-haiku-4-5\", \"max_tokens\": 50, \"messages\": "
			+ "[{\"role\": \"user\", \"content\": \"hi\"}]}";

	@Autowired
	private WebTestClient client;

	@Autowired
	private Hedging hedging;

	private WebTestClient.ResponseSpec post(String path, String body, String hedge) {
		return this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON).headers((headers) -> {
			headers.set("X-LLM-Hedge", hedge);
			if (path.equals("/v1/messages")) {
				headers.set("anthropic-version", "2023-06-01");
			}
		}).bodyValue(body).exchange();
	}

	@Test
	void aDelayInTheHeaderHedgesTheRequestPastAHangingProvider() {
		// openai takes every first attempt and never answers; the hedge can only go to
		// local, in the next tier.
		this.simulators.find("openai").orElseThrow().setFault(Fault.HANG, null);
		this.providers.update("anthropic", ProviderChange.weight(0));
		long sent = this.hedging.budget().hedgesSent();
		long start = System.nanoTime();
		post("/v1/chat/completions", COMPLETION, "100ms").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Provider", "local");
		post("/v1/messages", MESSAGE, "100ms").expectStatus().isOk().expectHeader().valueEquals("X-Provider", "local");
		post("/v1/responses", "{\"model\": \"gpt-4o-mini\", \"input\": \"hi\"}", "PT0.1S").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Provider", "local");
		// Without the hedge, each would have waited out openai's 5 s attempt timeout.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(this.hedging.budget().hedgesSent() - sent).isEqualTo(3);
	}

	@Test
	void aBadValueGets400InTheApisShapeNamingTheHeader() {
		post("/v1/chat/completions", COMPLETION, "soon").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("invalid_request_error")
			.jsonPath("$.error.message")
			.isEqualTo("X-LLM-Hedge must be off, on or a positive delay such as 250ms or 1s; was 'soon'");
		post("/v1/messages", MESSAGE, "0ms").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("error")
			.jsonPath("$.error.message")
			.value((String message) -> assertThat(message).contains("X-LLM-Hedge must be off, on or a positive delay"));
	}

}
