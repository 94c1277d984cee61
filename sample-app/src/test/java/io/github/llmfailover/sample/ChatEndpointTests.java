package io.github.llmfailover.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.llmfailover.sample.demo.Fault;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /chat} and {@code POST /chat/stream} over real HTTP, against the demo's
 * simulated providers made to fail.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ChatEndpointTests extends DemoAppTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private CircuitBreakerRegistry breakers;

	private void fail(String provider, Fault fault) {
		this.simulators.find(provider).orElseThrow().setFault(fault, null);
	}

	private WebTestClient.ResponseSpec chat(String body) {
		return this.client.post().uri("/chat").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	@Test
	void answersWithTheProviderInAHeaderAndTheBody() {
		chat("{\"prompt\": \"Why do circuit breakers help?\", \"system\": \"Be brief.\"}").expectStatus()
			.isOk()
			.expectHeader()
			.valueMatches("X-Provider", "openai|anthropic")
			.expectBody()
			.jsonPath("$.content")
			.value((String content) -> assertThat(content).contains("Why do circuit breakers help?"))
			.jsonPath("$.provider")
			.value((String provider) -> assertThat(provider).isIn("openai", "anthropic"))
			.jsonPath("$.model")
			.isNotEmpty()
			.jsonPath("$.usage.inputTokens")
			.isNumber()
			.jsonPath("$.usage.outputTokens")
			.isNumber()
			.jsonPath("$.attempts[0].outcome")
			.isEqualTo("success");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`{"prompt": `                    | body   | not valid JSON
			`{}`                             | prompt | prompt is required
			`{"prompt": "   "}`              | prompt | prompt must not be blank
			`{"prompt": 5}`                  | prompt | prompt must be a string, not a number
			`{"prompt": {"text": "hi"}}`     | prompt | prompt must be a string, not an object
			`{"prompt": "hi", "system": ""}` | system | system must not be blank
			`{"prompt": "hi", "system": 1}`  | system | system must be a string
			`["hi"]`                         | body   | must be a JSON object
			""")
	void rejectsBadInputWithAProblemNamingTheField(String body, String field, String detail) {
		chat(body).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo(field)
			.jsonPath("$.detail")
			.value((String text) -> assertThat(text).contains(detail));
	}

	@Test
	void rejectsAnEmptyBodyAndOtherContentTypes() {
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo("body");
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hi")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void failsOverToTheLocalTierWhenBothRemoteProvidersFail() {
		fail("openai", Fault.SERVER_ERROR);
		fail("anthropic", Fault.OVERLOADED);
		chat("{\"prompt\": \"hello\"}").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Provider", "local")
			.expectBody()
			.jsonPath("$.attempts.length()")
			.isEqualTo(3)
			.jsonPath("$.attempts[2].provider")
			.isEqualTo("local");
	}

	@Test
	void failsOverWhenAProviderRefusesConnections() {
		fail("openai", Fault.REFUSE);
		for (int i = 0; i < 5; i++) {
			chat("{\"prompt\": \"hello\"}").expectStatus()
				.isOk()
				.expectHeader()
				.valueMatches("X-Provider", "anthropic");
		}
	}

	@Test
	void answers503WithRetryAfterWhenEveryProviderFails() {
		fail("openai", Fault.SERVER_ERROR);
		fail("anthropic", Fault.SERVER_ERROR);
		fail("local", Fault.SERVER_ERROR);
		chat("{\"prompt\": \"hello\"}").expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.attempts.length()")
			.isEqualTo(3);
	}

	@Test
	void answers503WithRetryAfterWhenNothingIsInRotation() {
		// Cooling down as a Retry-After would leave them, so that they come back by
		// themselves (open circuits alone would not do: requests are routed past them).
		Instant until = Instant.now().plusSeconds(10);
		this.providers.providers().forEach((provider) -> this.providers.coolDownUntil(provider.name(), until));
		chat("{\"prompt\": \"hello\"}").expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.value("Retry-After", (seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 15L))
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("No LLM provider is available"));
	}

	@Test
	void whenEveryCircuitIsOpenRequestsAreRoutedPastThem() {
		this.breakers.getAllCircuitBreakers().forEach(CircuitBreaker::transitionToOpenState);
		chat("{\"prompt\": \"hello\"}").expectStatus().isOk().expectHeader().exists("X-Provider");
	}

	@Test
	void anUpstreamBadRequestComesBackAs400FromExactlyOneProvider() {
		fail("openai", Fault.BAD_REQUEST);
		fail("anthropic", Fault.BAD_REQUEST);
		long before = totalRequests();
		chat("{\"prompt\": \"hello\"}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Rejected by the provider")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("(simulated)"))
			.jsonPath("$.attempts.length()")
			.isEqualTo(1);
		assertThat(totalRequests() - before).isEqualTo(1);
	}

	private long totalRequests() {
		return this.simulators.all().stream().mapToLong((simulator) -> simulator.requests()).sum();
	}

	@Test
	void streamsWithTheProviderInAHeaderAndUsageInTheLastEvent() {
		List<ServerSentEvent<String>> events = this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"Count to five\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueMatches("X-Provider", "openai|anthropic")
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(events).hasSizeGreaterThan(3);
		assertThat(events.get(0).data()).contains("\"provider\"").contains("\"text\"");
		assertThat(events.get(events.size() - 1).data()).contains("\"finishReason\":\"stop\"").contains("\"usage\"");
	}

	@Test
	void aStreamFailsOverBeforeItsFirstToken() {
		fail("openai", Fault.OVERLOADED);
		fail("anthropic", Fault.RATE_LIMITED);
		this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"hello\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Provider", "local");
	}

	@Test
	void aStreamThatBreaksAfterItsFirstTokenEndsWithAnErrorEvent() {
		fail("openai", Fault.BREAK_MID_STREAM);
		fail("anthropic", Fault.BREAK_MID_STREAM);
		List<ServerSentEvent<String>> events = this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"hello\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(20));
		ServerSentEvent<String> last = events.get(events.size() - 1);
		assertThat(last.event()).isEqualTo("error");
		assertThat(last.data()).containsPattern("broke after [23] chunks");
		assertThat(events.subList(0, events.size() - 1)).allSatisfy((event) -> assertThat(event.event()).isNull());
	}

	@Test
	void aStreamThatCannotStartGetsTheSameStatusAsAChat() {
		fail("openai", Fault.SERVER_ERROR);
		fail("anthropic", Fault.SERVER_ERROR);
		fail("local", Fault.SERVER_ERROR);
		this.client.post()
			.uri("/chat/stream")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\": \"hello\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After");
	}

}
