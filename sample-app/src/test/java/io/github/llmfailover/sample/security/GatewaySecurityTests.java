package io.github.llmfailover.sample.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.llmfailover.sample.LogLevels;
import io.github.llmfailover.sample.PrometheusScrape;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Caller keys over real HTTP: refusals in the caller's error shape, per-key limits under
 * concurrent load, and no key in the log or the metrics.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles({ "demo", "secured" })
@ExtendWith(OutputCaptureExtension.class)
class GatewaySecurityTests {

	private static final String COMPLETION = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

	private static final String PROMPT = "{\"prompt\": \"hi\"}";

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	private WebTestClient.ResponseSpec post(String path, String body, @Nullable String key) {
		return this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON).headers((headers) -> {
			if (key != null) {
				headers.setBearerAuth(key);
			}
		}).bodyValue(body).exchange();
	}

	@Test
	void withoutAKeyTheGatewayAnswers401InOpenAisShapeAndChatInProblemDetails() {
		post("/v1/chat/completions", COMPLETION, null).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"llm-failover\"")
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("invalid_request_error")
			.jsonPath("$.error.code")
			.isEqualTo("missing_api_key")
			.jsonPath("$.error.message")
			.value((String message) -> assertThat(message).contains("Authorization: Bearer"));
		this.client.get().uri("/v1/models").exchange().expectStatus().isUnauthorized();
		post("/chat", PROMPT, null).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.code")
			.isEqualTo("missing_api_key");
		post("/chat/stream", PROMPT, null).expectStatus().isUnauthorized();
	}

	@Test
	void aWrongKeyAndAnUnknownKeyGetTheSame401() {
		String wrong = post("/v1/chat/completions", COMPLETION, TestCredentials.TEAM_KEY + "x").expectStatus()
			.isUnauthorized()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String unknown = post("/v1/chat/completions", COMPLETION, "sk-never-configured").expectStatus()
			.isUnauthorized()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(wrong).isEqualTo(unknown).contains("\"code\":\"invalid_api_key\"").contains("Invalid API key.");
		post("/chat", PROMPT, "sk-never-configured").expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_api_key");
	}

	@Test
	void theRightKeyIsServedOnEveryCallerEndpoint() {
		post("/v1/chat/completions", COMPLETION, TestCredentials.TEAM_KEY).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.choices[0].message.content")
			.isNotEmpty();
		this.client.get()
			.uri("/v1/models")
			.headers((headers) -> headers.setBearerAuth(TestCredentials.TEAM_KEY))
			.exchange()
			.expectStatus()
			.isOk();
		post("/chat", PROMPT, TestCredentials.TEAM_KEY).expectStatus().isOk().expectHeader().exists("X-Provider");
		post("/chat/stream", PROMPT, TestCredentials.TEAM_KEY).expectStatus().isOk();
	}

	@Test
	void anthropicCallersSendTheirKeyInXApiKeyAndAreRefusedInAnthropicsShape() {
		String message = "{\"model\":\"m\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
		this.client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.header("anthropic-version", "2023-06-01")
			.bodyValue(message)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("error")
			.jsonPath("$.error.type")
			.isEqualTo("authentication_error")
			.jsonPath("$.error.message")
			.value((String text) -> assertThat(text).contains("x-api-key"));
		for (String key : List.of(TestCredentials.TEAM_KEY + "x", "sk-ant-never-configured")) {
			this.client.post()
				.uri("/v1/messages")
				.contentType(MediaType.APPLICATION_JSON)
				.header("anthropic-version", "2023-06-01")
				.header("x-api-key", key)
				.bodyValue(message)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.error.type")
				.isEqualTo("authentication_error")
				.jsonPath("$.error.message")
				.isEqualTo("Invalid API key.");
		}
		this.client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.header("anthropic-version", "2023-06-01")
			.header("x-api-key", TestCredentials.TEAM_KEY)
			.bodyValue(message)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("message");
		// The same keys, the same way, on every caller endpoint.
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.header("x-api-key", TestCredentials.TEAM_KEY)
			.bodyValue(COMPLETION)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aKeyInTheQueryStringIsRefusedEvenWithTheRightHeader() {
		post("/v1/chat/completions?api_key=" + TestCredentials.TEAM_KEY, COMPLETION, TestCredentials.TEAM_KEY)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("api_key_in_query")
			.jsonPath("$.error.param")
			.isEqualTo("api_key");
		post("/chat?key=" + TestCredentials.TEAM_KEY, PROMPT, null).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void aKeysLimitHoldsUnderConcurrentLoadWith429AndRetryAfter() {
		WebClient http = WebClient.create("http://127.0.0.1:" + this.port);
		int requests = 20;
		long start = System.nanoTime();
		List<Map.Entry<Integer, HttpHeaders>> answers = Flux.range(0, requests)
			.flatMap(
					(i) -> http.post()
						.uri("/v1/chat/completions")
						.contentType(MediaType.APPLICATION_JSON)
						.headers((headers) -> headers.setBearerAuth(TestCredentials.LIMITED_KEY))
						.bodyValue(COMPLETION)
						.exchangeToMono((response) -> response.releaseBody()
							.thenReturn(Map.entry(response.statusCode().value(), response.headers().asHttpHeaders()))),
					requests)
			.collectList()
			.block(Duration.ofSeconds(30));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		Map<Integer, Long> byStatus = answers.stream()
			.collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.counting()));
		// 5 per minute: a burst of 5, then one more every 12 s.
		long refilled = took.toSeconds() / 12;
		assertThat(byStatus.get(200)).isBetween(5L, 5L + refilled);
		assertThat(byStatus.get(429)).isEqualTo(requests - byStatus.get(200));
		assertThat(answers).filteredOn((answer) -> answer.getKey() == 429)
			.allSatisfy((answer) -> assertThat(Long.parseLong(answer.getValue().getFirst(HttpHeaders.RETRY_AFTER)))
				.isBetween(1L, 12L));
		post("/v1/chat/completions", COMPLETION, TestCredentials.LIMITED_KEY).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("rate_limit_exceeded")
			.jsonPath("$.error.message")
			.value((String message) -> assertThat(message).contains("'limited'")
				.doesNotContain(TestCredentials.LIMITED_KEY));
		post("/chat", PROMPT, TestCredentials.LIMITED_KEY).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		// Other keys keep their own budget.
		post("/chat", PROMPT, TestCredentials.TEAM_KEY).expectStatus().isOk();
	}

	@Test
	void authorizationsAreObservedButNotEachFilterOfTheChain() {
		post("/v1/chat/completions", COMPLETION, TestCredentials.TEAM_KEY).expectStatus().isOk();
		String scrape = PrometheusScrape.read(this.client,
				(headers) -> headers.setBasicAuth("ops", TestCredentials.OPERATOR_PASSWORD));
		assertThat(scrape).contains("spring_security_authorizations_seconds_count")
			.doesNotContain("spring_security_filterchains");
	}

	@Test
	void theKeysNameIsInTheLogAndTheMetricsButNoKeyOrPasswordAnywhere(CapturedOutput output) {
		// Debug too: Spring Security logs authentications and refusals there.
		try (LogLevels debug = LogLevels.set(LogLevel.DEBUG, "io.github.llmfailover.sample.security",
				"org.springframework.security")) {
			post("/v1/chat/completions", COMPLETION, TestCredentials.TEAM_KEY).expectStatus().isOk();
			post("/v1/chat/completions", COMPLETION, TestCredentials.LIMITED_KEY.substring(1)).expectStatus()
				.isUnauthorized();
			post("/chat?api_key=" + TestCredentials.TEAM_KEY, PROMPT, null).expectStatus().isBadRequest();
			this.client.get()
				.uri("/actuator/llmproviders")
				.headers((headers) -> headers.setBasicAuth("ops", TestCredentials.OPERATOR_PASSWORD))
				.exchange()
				.expectStatus()
				.isOk();
		}
		String scrape = PrometheusScrape.read(this.client,
				(headers) -> headers.setBasicAuth("ops", TestCredentials.OPERATOR_PASSWORD));
		assertThat(scrape)
			.containsPattern(
					"http_server_requests_seconds_count\\{[^}]*key=\"team-a\"[^}]*" + "uri=\"/v1/chat/completions\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*key=\"none\"[^}]*status=\"401\"");
		assertThat(output.getAll()).contains("POST /v1/chat/completions with key 'team-a'")
			.contains("credential in query parameter 'api_key'");
		for (String secret : TestCredentials.SECRETS) {
			assertThat(output.getAll()).doesNotContain(secret);
			assertThat(scrape).doesNotContain(secret);
		}
	}

}
