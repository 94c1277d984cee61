package io.github.llmfailover.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.llmfailover.sample.demo.Fault;
import io.github.llmfailover.sample.demo.SimulatedProviders;

/**
 * The deadline: hanging providers cost at most the request's timeout, answered as 504.
 * Three attempt timeouts (4.5 s) outlast the deadline (4 s), so all three hanging ends in
 * 504 and not in "all failed"; two of them (3 s) leave a second for the third provider to
 * answer, even on a loaded machine.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.failover.timeout=4s", "llm.failover.attempt-timeout=1500ms" })
@AutoConfigureWebTestClient(timeout = "20s")
class ChatDeadlineTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private SimulatedProviders simulators;

	@AfterEach
	void restore() {
		this.simulators.resetAll();
	}

	@Test
	void answers504WhenEveryProviderHangsPastTheDeadline() {
		this.simulators.all().forEach((simulator) -> simulator.setFault(Fault.HANG, null));
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"hello\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void theGatewayAnswers504InOpenAisShapeWhenTheDeadlinePasses() {
		this.simulators.all().forEach((simulator) -> simulator.setFault(Fault.HANG, null));
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("timeout");
	}

	@Test
	void aHangingProviderCostsOneAttemptTimeoutThenAnotherServes() {
		this.simulators.find("openai").orElseThrow().setFault(Fault.HANG, null);
		this.simulators.find("anthropic").orElseThrow().setFault(Fault.HANG, null);
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"hello\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Provider", "local")
			.expectBody()
			.jsonPath("$.attempts[0].outcome")
			.isEqualTo("timeout");
	}

}
