package io.github.llmfailover.sample;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.sample.demo.Fault;

import static io.github.llmfailover.sample.ServerSentEvents.data;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/messages} over raw HTTP: the event sequence as Anthropic streams it (pings
 * included, which the SDK hides), and errors in Anthropic's shape.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class MessagesEndpointTests extends GatewayEndpointTests {

	private static final String TOOL = "{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\","
			+ "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}";

	MessagesEndpointTests() {
		super("/v1/messages");
	}

	@Override
	protected void apiHeaders(HttpHeaders headers) {
		headers.set("anthropic-version", "2023-06-01");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			textBlock = """
					`{"messages": `                                                                  |   | could not parse the JSON body
					`{"max_tokens": 9, "messages": [{"role": "user", "content": "x"}]}`             | model | model: Field required
					`{"model": "m", "messages": [{"role": "user", "content": "x"}]}`                | max_tokens | max_tokens: Field required
					`{"model": "m", "max_tokens": 9}`                                                | messages | messages: Field required
					`{"model": "m", "max_tokens": 9, "messages": [{"role": "system", "content": "x"}]}` | messages.0.role | messages.0.role: must be 'user' or 'assistant'
					`{"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": [{"type": "document", "source": {}}]}]}` | messages.0.content.0.type | messages.0.content.0.type: blocks of type 'document'
					`{"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": "x"}], "tools": [{"type": "web_search_20250305", "name": "web_search"}]}` | tools.0.type | tools.0.type
					`{"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": "x"}], "top_k": 5}` | top_k | 'top_k' is not supported
					`{"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": "x"}], "thinking": {"type": "enabled", "budget_tokens": 1024}}` | thinking | 'thinking' is not supported
					`{"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": "x"}], "temperature": 1.5}` | temperature | temperature must be a number between 0 and 1
					`{"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": "x"}], "tool_choice": {"type": "some"}}` | tool_choice.type | tool_choice.type must be
					`{"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "nope", "content": "r"}]}]}` | messages | answers no unanswered call
					`{"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "f"}]}]}` | messages.1.content.0 | needs an 'id', a 'name' and an 'input' object
					`{"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": {}}]}, {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "r", "is_error": "yes"}]}]}` | messages.2.content.0.is_error | messages.2.content.0.is_error must be a boolean
					""")
	void invalidRequestsGet400InAnthropicsShapeNamingTheField(String body, String field, String message) {
		post(body).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("error")
			.jsonPath("$.error.type")
			.isEqualTo("invalid_request_error")
			.jsonPath("$.error.message")
			.value((String text) -> assertThat(text).contains(message).contains((field != null) ? field : ""));
	}

	@Test
	void theAnthropicVersionHeaderIsRequiredAndMustBeADate() {
		String body = "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
		this.client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.message")
			.isEqualTo("anthropic-version: header is required");
		this.client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.header("anthropic-version", "latest")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.header("anthropic-version", "2026-10-21")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aWholeAnswerHasAnthropicsMessageShape() {
		post("{\"model\":\"claude-haiku-4-5\",\"max_tokens\":50,"
				+ "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"}],\"stop_sequences\":[\"END\"],\"metadata\":{\"user_id\":\"u1\"},"
				+ "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}]}")
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists("X-Provider")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("message")
			.jsonPath("$.role")
			.isEqualTo("assistant")
			.jsonPath("$.content[0].type")
			.isEqualTo("text")
			.jsonPath("$.content[0].text")
			.value((String text) -> assertThat(text).contains("hello"))
			.jsonPath("$.stop_reason")
			.isEqualTo("end_turn")
			.jsonPath("$.stop_sequence")
			.isEmpty()
			.jsonPath("$.usage.output_tokens")
			.value((Integer tokens) -> assertThat(tokens).isPositive());
	}

	@Test
	void streamsTextInAnthropicsEventSequenceWithAPing() {
		List<ServerSentEvent<String>> events = stream("{\"model\":\"m\",\"max_tokens\":50,\"stream\":true,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"Count to five\"}]}");
		List<String> names = events.stream().map(ServerSentEvent::event).toList();
		assertThat(names).startsWith("message_start", "content_block_start", "ping", "content_block_delta")
			.endsWith("content_block_stop", "message_delta", "message_stop");
		events.forEach((event) -> assertThat(data(event).path("type").asString()).isEqualTo(event.event()));
		assertThat(data(events.get(0)).path("message").path("content").isArray()).isTrue();
		assertThat(data(events.get(1)).path("content_block").path("type").asString()).isEqualTo("text");
		StringBuilder text = new StringBuilder();
		events.stream()
			.filter((event) -> "content_block_delta".equals(event.event()))
			.map(ServerSentEvents::data)
			.forEach((delta) -> {
				assertThat(delta.path("delta").path("type").asString()).isEqualTo("text_delta");
				text.append(delta.path("delta").path("text").asString());
			});
		assertThat(text.toString()).contains("Count to five");
		JsonNode end = data(events.get(events.size() - 2));
		assertThat(end.path("delta").path("stop_reason").asString()).isEqualTo("end_turn");
		assertThat(end.path("usage").path("output_tokens").asInt()).isPositive();
	}

	@Test
	void streamsAToolUseFromEveryProviderTypeAsInputJsonDeltas() {
		for (String provider : List.of("openai", "anthropic", "local")) {
			onlyWorking(provider);
			List<ServerSentEvent<String>> events = stream(
					"{\"model\":\"m\",\"max_tokens\":50,\"stream\":true," + "\"tools\":[" + TOOL + "],"
							+ "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Rome?\"}]}");
			JsonNode start = events.stream()
				.filter((event) -> "content_block_start".equals(event.event()))
				.map(ServerSentEvents::data)
				.filter((data) -> "tool_use".equals(data.path("content_block").path("type").asString()))
				.findFirst()
				.orElseThrow();
			assertThat(start.path("content_block").path("name").asString()).as(provider).isEqualTo("get_weather");
			assertThat(start.path("content_block").path("id").asString()).as(provider).isNotEmpty();
			StringBuilder input = new StringBuilder();
			events.stream()
				.filter((event) -> "content_block_delta".equals(event.event()))
				.map(ServerSentEvents::data)
				.filter((data) -> data.path("index").asInt() == start.path("index").asInt())
				.forEach((delta) -> {
					assertThat(delta.path("delta").path("type").asString()).isEqualTo("input_json_delta");
					input.append(delta.path("delta").path("partial_json").asString());
				});
			assertThat(ServerSentEvents.JSON.readTree(input.toString()).path("city").asString()).as(provider)
				.contains("Rome");
			assertThat(data(events.get(events.size() - 2)).path("delta").path("stop_reason").asString())
				.isEqualTo("tool_use");
		}
	}

	@Test
	void nothingInRotationIs503OverloadedWithRetryAfter() {
		changeAll(this.providers, ProviderChange.enabled(false));
		post("{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("error")
			.jsonPath("$.error.type")
			.isEqualTo("overloaded_error");
	}

	@Test
	void aStreamBrokenAfterItsFirstTokenEndsWithAnErrorEvent() {
		this.simulators.all().forEach((simulator) -> simulator.setFault(Fault.BREAK_MID_STREAM, null));
		List<ServerSentEvent<String>> events = stream("{\"model\":\"m\",\"max_tokens\":50,\"stream\":true,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"Count to five\"}]}");
		ServerSentEvent<String> last = events.get(events.size() - 1);
		assertThat(last.event()).isEqualTo("error");
		assertThat(data(last).path("type").asString()).isEqualTo("error");
		assertThat(data(last).path("error").path("message").asString()).contains("broke after");
		assertThat(events).extracting(ServerSentEvent::event).doesNotContain("message_stop");
	}

}
